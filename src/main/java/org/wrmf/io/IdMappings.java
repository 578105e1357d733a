package org.wrmf.io;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The id mappings of a model's two sides, which the outputs need together to write original ids.
 *
 * @param users columns {@code id} (string), {@code idx} (int)
 * @param items columns {@code id} (string), {@code idx} (int), optionally {@code name}
 */
public record IdMappings(Dataset<Row> users, Dataset<Row> items) {}
