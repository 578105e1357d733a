package org.wrmf.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * How preparation writes its tables (rejected/, prepared/*): the command line stages each beside its
 * target and moves it in place when complete, as every output; benchmarks write scratch in place.
 */
@FunctionalInterface
public interface TableWriter {
    /** Writes {@code table} in the Spark data source {@code format} (parquet, json) to {@code path}. */
    void write(Dataset<Row> table, String format, String path);

    /** Written where they go, replacing what is there: scratch no reader waits for. */
    TableWriter IN_PLACE = (table, format, path) ->
            table.write().mode(SaveMode.Overwrite).format(format).save(path);
}
