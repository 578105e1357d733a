package org.wrmf.cli;


import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.Solver;

/**
 * The {@code wrmf.als.*} settings: the engine's {@link AlsParams} plus the number of iterations.
 * {@code regularization-users} / {@code regularization-items} override {@code regularization} when set.
 */
public record AlsSettings(AlsParams params, int iterations) {
    public static AlsSettings from(WrmfConfig config, int defaultBlocks) {
        double lambda = config.doubleIn("wrmf.als.regularization", 0, Double.MAX_VALUE);
        int blocks = config.intAtLeast("wrmf.als.blocks", 0);
        AlsParams params = new AlsParams(
                config.intAtLeast("wrmf.als.factors", 1),
                override(config, "wrmf.als.regularization-users", lambda),
                override(config, "wrmf.als.regularization-items", lambda),
                config.doubleIn("wrmf.als.alpha", 0, Double.MAX_VALUE),
                Confidence.valueOf(config.oneOf("wrmf.als.confidence", Set.of("linear", "log")).toUpperCase(Locale.ROOT)),
                config.doubleIn("wrmf.als.epsilon", Double.MIN_NORMAL, Double.MAX_VALUE),
                Solver.valueOf(config.oneOf("wrmf.als.solver", Set.of("cholesky", "cg")).toUpperCase(Locale.ROOT)),
                config.intAtLeast("wrmf.als.cg-steps", 1),
                blocks == 0 ? Math.max(1, defaultBlocks) : blocks,
                config.longValue("wrmf.als.seed"),
                config.intAtLeast("wrmf.als.checkpoint-interval", 0));
        return new AlsSettings(params, config.intAtLeast("wrmf.als.iterations", 0));
    }

    /**
     * The block count {@code wrmf.als.blocks = 0} stands for: one block per core. In local mode that is
     * the master's thread count ({@code local[N]}; {@code local[*]}: the machine's cores), not Spark's
     * default parallelism, which the job sets to twice the cores for its DataFrame stages: measured on
     * 2 cores at rank 128, 4 blocks cost 1.7 s per iteration where 2 cost 1.0 s. On a cluster, Spark's
     * default parallelism (the executors' cores unless set).
     */
    public static int defaultBlocks(org.apache.spark.SparkContext sc) {
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?")
                .matcher(sc.master().trim());
        if (!local.matches()) {
            return Math.max(1, sc.defaultParallelism());
        }
        String threads = local.group(1);
        if (threads == null) {
            return 1;
        }
        return threads.equals("*") ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(threads));
    }

    private static double override(WrmfConfig config, String key, double fallback) {
        String value = config.optionalString(key);
        return value == null ? fallback : config.doubleIn(key, 0, Double.MAX_VALUE);
    }

    /** The parameters as the manifest records them. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("factors", params.factors());
        map.put("regularization_users", params.regUsers());
        map.put("regularization_items", params.regItems());
        map.put("alpha", params.alpha());
        map.put("confidence", params.confidence().name().toLowerCase(Locale.ROOT));
        map.put("epsilon", params.epsilon());
        map.put("solver", params.solver().name().toLowerCase(Locale.ROOT));
        map.put("cg_steps", params.cgSteps());
        map.put("blocks", params.blocks());
        map.put("seed", params.seed());
        map.put("checkpoint_interval", params.checkpointInterval());
        map.put("iterations", iterations);
        return map;
    }
}
