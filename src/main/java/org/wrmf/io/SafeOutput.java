package org.wrmf.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an output so that readers only ever see a complete one.
 *
 * <p>Every output (a Parquet folder, the Spark ML model, the report folder, manifest.json, a finished
 * grid point) is first written to a hidden staging path beside its target ({@code .users.staging-<uuid>} next to
 * {@code users}); only when that write has finished is the staging path renamed onto the target.
 * A folder gets a {@code _SUCCESS} marker before the rename (Spark's committer writes one for
 * DataFrames; we add it for folders we fill ourselves), so a downstream job can wait for it.
 *
 * <p>Replacing an existing output needs {@code wrmf.output.overwrite=true}; otherwise the write fails
 * with {@link OutputExistsException} before any work is done. When replacing, the previous output is
 * first renamed aside and deleted only after the new one is in place, so an exception thrown during
 * the write (or a killed driver) leaves the previous output untouched, and at every moment a complete
 * copy exists: the target, or the previous one beside it ({@code .users.previous-<uuid>}) for the
 * instant between the two renames. Deleting the target before the rename would lose it to a crash
 * there. At worst a hidden staging or previous path remains, which the next run ignores.
 *
 * <p>Everything goes through Hadoop's {@link FileSystem}, so local paths, HDFS and S3 all work. On
 * HDFS and local disks a rename is atomic; on object stores it is a copy, which is still safe against
 * interrupted writes (the target is touched only after the staging copy is complete).
 */
public final class SafeOutput {
    public static final String SUCCESS_MARKER = "_SUCCESS";

    private static final Logger LOG = LoggerFactory.getLogger(SafeOutput.class);

    private final Configuration hadoopConf;
    private final boolean overwrite;

    /** What fills the staging path: a folder (for {@link #writeFolder}) or a single file. */
    @FunctionalInterface
    public interface StagedWrite {
        void writeTo(FileSystem fs, Path staging) throws IOException;
    }

    public SafeOutput(Configuration hadoopConf, boolean overwrite) {
        this.hadoopConf = hadoopConf;
        this.overwrite = overwrite;
    }

    /**
     * Fails with {@link OutputExistsException} when the target exists and may not be replaced; call
     * it at the start of a run so that hours of training are not spent before the error.
     */
    public void checkWritable(String target) {
        Path path = new Path(target);
        try {
            if (!overwrite && fileSystem(path).exists(path)) {
                throw new OutputExistsException(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a DataFrame as Parquet to {@code target}. */
    public void writeParquet(Dataset<Row> frame, String target) {
        writeFolder(
                target,
                (fs, staging) -> frame.write().mode(SaveMode.ErrorIfExists).parquet(staging.toString()));
    }

    /** Writes a folder whose files {@code body} creates under the staging path, then adds _SUCCESS. */
    public void writeFolder(String target, StagedWrite body) {
        commit(target, (fs, staging) -> {
            body.writeTo(fs, staging);
            Path marker = new Path(staging, SUCCESS_MARKER);
            if (!fs.exists(marker)) {
                fs.create(marker, false).close();
            }
        });
    }

    /** Writes one file (manifest.json, a grid point): no marker, the rename makes it appear complete. */
    public void writeFile(String target, byte[] content) {
        commit(target, (fs, staging) -> {
            try (FSDataOutputStream out = fs.create(staging, false)) {
                out.write(content);
            }
        });
    }

    private void commit(String target, StagedWrite body) {
        Path path = new Path(target);
        try {
            FileSystem fs = fileSystem(path);
            if (fs.exists(path) && !overwrite) {
                throw new OutputExistsException(target);
            }
            Path parent = path.getParent();
            if (parent != null) {
                fs.mkdirs(parent);
            }
            String token = UUID.randomUUID().toString();
            Path staging = new Path(parent, "." + path.getName() + ".staging-" + token);
            try {
                body.writeTo(fs, staging);
            } catch (IOException | RuntimeException e) {
                fs.delete(staging, true);
                throw e;
            }
            moveInPlace(fs, staging, path, new Path(parent, "." + path.getName() + ".previous-" + token));
            LOG.info("wrote {}", target);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }

    /** Renames the previous output aside, the staging path onto the target, then drops the previous. */
    private static void moveInPlace(FileSystem fs, Path staging, Path target, Path previous) throws IOException {
        boolean replaced = fs.exists(target);
        if (replaced && !fs.rename(target, previous)) {
            fs.delete(staging, true);
            throw new IOException("could not move the previous " + target + " aside");
        }
        if (!fs.rename(staging, target)) {
            if (replaced) {
                fs.rename(previous, target);
            }
            fs.delete(staging, true);
            throw new IOException("could not move " + staging + " to " + target);
        }
        if (replaced) {
            fs.delete(previous, true);
        }
    }

    private FileSystem fileSystem(Path path) throws IOException {
        return path.getFileSystem(hadoopConf);
    }
}
