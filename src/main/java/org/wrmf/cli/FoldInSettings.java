package org.wrmf.cli;

import org.wrmf.data.InputSettings;

/**
 * The {@code fold-in} command's settings ({@link SettingsReader#foldIn}).
 *
 * @param run       the finished run whose model and manifest are folded into ({@code wrmf.output.path})
 * @param output    where the fold-in's outputs go ({@code wrmf.fold-in.output})
 * @param likes     the new users' likes ({@code wrmf.input.*})
 * @param exclude   pairs never recommended ({@code wrmf.fold-in.exclude}), null for none
 * @param topN      recommendations per user ({@code wrmf.output.top-n}); 0 writes none
 * @param blocks    partitions of the solve and blocks of the top-N pass ({@code wrmf.output.blocks})
 * @param overwrite replace existing outputs ({@code wrmf.output.overwrite})
 */
public record FoldInSettings(
        String run,
        String output,
        InputSettings likes,
        InputSettings exclude,
        int topN,
        int blocks,
        boolean overwrite) {}
