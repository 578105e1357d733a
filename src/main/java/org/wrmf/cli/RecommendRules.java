package org.wrmf.cli;

import org.wrmf.data.InputSettings;

/**
 * The business rules on recommendations ({@code wrmf.recommend.*}, {@link SettingsReader#recommendRules}),
 * as files to read; null: that rule is off. The commands that write recommendations ({@code recommend},
 * {@code all}, and any that writes a model's outputs) pass this record to {@link FinalModel#writeOutputs},
 * which reads the files, matches them against the model's ids and applies them.
 *
 * @param excludeItems   items never recommended nor shown as similar items ({@code exclude-items}); one
 *                       column, the likes' item column or the file's first
 * @param candidateItems the only items recommended or shown as similar items ({@code candidate-items});
 *                       one column, as excludeItems
 * @param users          the only users recommendations are written for ({@code users}); one column, the
 *                       likes' user column or the file's first
 * @param excludePairs   (user, item) pairs never recommended on top of the user's likes
 *                       ({@code exclude-pairs}); the likes' user and item columns
 */
public record RecommendRules(
        InputSettings excludeItems, InputSettings candidateItems, InputSettings users, InputSettings excludePairs) {
    /** No rule. */
    public static final RecommendRules NONE = new RecommendRules(null, null, null, null);

    public boolean isNone() {
        return excludeItems == null && candidateItems == null && users == null && excludePairs == null;
    }
}
