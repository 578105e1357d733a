package org.wrmf.als;

/** How an observed weight d_ui becomes a confidence c_ui (Hu, Koren and Volinsky 2008, section 4). */
public enum Confidence {
    /** c = 1 + alpha * d: the seed analysis' choice. */
    LINEAR,
    /** c = 1 + alpha * log(1 + d / epsilon): the paper's alternative, damping heavy users of an item. */
    LOG
}
