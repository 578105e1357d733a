package org.wrmf.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The commands by name, each with its line of {@code --help}, in the order --help lists them. */
public final class Commands {
    /** A command and what {@code --help} says of it. */
    public record Described(String summary, Command command) {}

    private Commands() {}

    public static Map<String, Described> all() {
        Map<String, Described> commands = new LinkedHashMap<>();
        commands.put(
                "generate",
                new Described("write synthetic Sketchfab-shaped likes (PSV) to generate.path", new GenerateCommand()));
        commands.put(
                "prepare",
                new Described(
                        "load, dedupe, threshold (k-core), index and split the likes;"
                                + " write prepared/ and manifest.json",
                        new PrepareCommand()));
        commands.put(
                "train",
                new Described(
                        "prepare, then train implicit ALS (wrmf.als.*) and write factors/users" + " and factors/items",
                        new TrainCommand()));
        commands.put(
                "grid",
                new Described(
                        "prepare, then grid-search factors x regularization x alpha with learning"
                                + " curves; write curves/",
                        new GridCommand()));
        commands.put(
                "recommend",
                new Described(
                        "train on all likes with wrmf.als.* (no grid); write factors, model,"
                                + " similar items, recommendations",
                        new RecommendCommand()));
        commands.put(
                "all",
                new Described(
                        "prepare, grid, final model on all likes with the best point, outputs and" + " report",
                        new AllCommand()));
        commands.put(
                "bench",
                new Described(
                        "run a benchmark and print its figures: bench "
                                + String.join(" | ", BenchCommand.benches().keySet()),
                        new BenchCommand()));
        commands.put(
                "explain",
                new Described(
                        "split a user's score for an item into the contributions of the user's"
                                + " liked items (--set explain.user=ID --set explain.item=ID)",
                        new ExplainCommand()));
        commands.put(
                "fold-in",
                new Described(
                        "fold new users' likes (input.*) into the finished run at output.path:"
                                + " their factors and recommendations under fold-in.output",
                        new FoldInCommand()));
        commands.put(
                "refit",
                new Described(
                        "refit the model of the finished run at refit.from on the new likes (input.*) from its"
                                + " factors (new users and items folded in); write the final outputs and the changes",
                        new RefitCommand()));
        commands.put(
                "report",
                new Described(
                        "(re)render report/index.html and index.md from output.path"
                                + " (manifest.json, curves/, similar-items/)",
                        new ReportCommand()));
        return commands;
    }
}
