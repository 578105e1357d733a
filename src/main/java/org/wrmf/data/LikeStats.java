package org.wrmf.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/** Users, items, likes and sparsity of a likes table, as the seed prints them (and the manifest records them). */
@JsonIgnoreProperties(value = "sparsity_percent", allowGetters = true)
public record LikeStats(long users, long items, long likes) {

    /** One job: distinct users, distinct items and rows of a table with columns user and item. */
    public static LikeStats of(Dataset<Row> likes) {
        Row row = likes.agg(countDistinct("user"), countDistinct("item"), count(lit(1))).first();
        return new LikeStats(row.getLong(0), row.getLong(1), row.getLong(2));
    }

    /** Percentage of the users x items matrix that is liked. */
    @JsonProperty("sparsity_percent")
    public double sparsityPercent() {
        return users == 0 || items == 0 ? 0.0 : 100.0 * likes / ((double) users * items);
    }

    @Override
    public String toString() {
        return String.format("users %,d, items %,d, likes %,d, sparsity %.3f%%", users, items, likes, sparsityPercent());
    }
}
