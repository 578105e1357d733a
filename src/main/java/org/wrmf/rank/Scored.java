package org.wrmf.rank;

import java.io.Serializable;

/** One candidate of a ranking: its dense index and its score (a dot product or a cosine). */
public record Scored(int id, double score) implements Serializable {}
