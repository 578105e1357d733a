package org.wrmf.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Users, items, likes and sparsity of a likes table, as the notebook prints them (and the manifest records them). */
@JsonIgnoreProperties(value = "sparsity_percent", allowGetters = true)
public record LikeStats(long users, long items, long likes) {

    /** Percentage of the users x items matrix that is liked. */
    @JsonProperty("sparsity_percent")
    public double sparsityPercent() {
        return users == 0 || items == 0 ? 0.0 : 100.0 * likes / ((double) users * items);
    }

    @Override
    public String toString() {
        return String.format(
                "users %,d, items %,d, likes %,d, sparsity %.3f%%", users, items, likes, sparsityPercent());
    }
}
