package org.wrmf.testfs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system under the scheme {@value #SCHEME} ({@code faulty:///tmp/x} is /tmp/x), whose
 * writes fail on purpose: tests register it with {@code fs.faulty.impl} (a driver they start: with
 * {@code spark.hadoop.fs.faulty.impl}) and point a checkpoint or output folder at it.
 *
 * <p>One fault at a time, set in this JVM by {@link #inject}, or in a driver from its Hadoop settings
 * {@code faulty.path}, {@code faulty.after-bytes}, {@code faulty.times}, {@code faulty.message},
 * {@code faulty.record}: writes to files whose path contains {@code path} fail with an IOException of
 * {@code message} once {@code afterBytes} bytes have gone to such files (a negative {@code afterBytes}
 * fails their creation), {@code times} times in all (then they succeed again, as a retried task's write
 * does); each failure appends its path to the file {@code record} when set, so the test can tell that
 * the fault happened.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "faulty";
    private static final URI ROOT = URI.create(SCHEME + ":///");

    /** What fails: see the class comment. */
    public record Fault(String path, long afterBytes, int times, String message, String record) {}

    private static volatile Fault fault;
    private static final AtomicLong WRITTEN = new AtomicLong();
    private static final AtomicInteger FAILURES = new AtomicInteger();

    /** Sets the fault of this JVM (null: none) and forgets what earlier faults counted. */
    public static synchronized void inject(Fault next) {
        WRITTEN.set(0);
        FAILURES.set(0);
        fault = next;
    }

    /** How many writes the current fault has failed. */
    public static int failures() {
        return FAILURES.get();
    }

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        super.initialize(uri, conf);
        String path = conf.get("faulty.path");
        synchronized (FaultyFileSystem.class) {
            if (path != null && fault == null) {
                inject(new Fault(
                        path,
                        conf.getLong("faulty.after-bytes", 0),
                        conf.getInt("faulty.times", 1),
                        conf.get("faulty.message", "injected fault"),
                        conf.get("faulty.record")));
            }
        }
    }

    @Override
    public URI getUri() {
        return ROOT;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path file, boolean append, FsPermission permission)
            throws IOException {
        Fault current = fault;
        if (current == null || !file.toString().contains(current.path())) {
            return super.createOutputStreamWithMode(file, append, permission);
        }
        if (current.afterBytes() < 0) {
            fail(file, current);
        }
        return new Failing(super.createOutputStreamWithMode(file, append, permission), file, current);
    }

    /** Throws the fault's IOException, unless it has failed its number of times already. */
    private static void fail(Path file, Fault fault) throws IOException {
        int failed;
        do {
            failed = FAILURES.get();
            if (failed >= fault.times()) {
                return;
            }
        } while (!FAILURES.compareAndSet(failed, failed + 1));
        if (fault.record() != null) {
            Files.writeString(
                    java.nio.file.Path.of(fault.record()),
                    file + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        throw new IOException(fault.message());
    }

    /** Counts the bytes of a file the fault applies to, and fails once they pass its budget. */
    private static final class Failing extends FilterOutputStream {
        private final Path file;
        private final Fault fault;

        Failing(OutputStream out, Path file, Fault fault) {
            super(out);
            this.file = file;
            this.fault = fault;
        }

        @Override
        public void write(int b) throws IOException {
            account(1);
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            account(length);
            out.write(bytes, offset, length);
        }

        private void account(int bytes) throws IOException {
            if (WRITTEN.addAndGet(bytes) > fault.afterBytes()) {
                fail(file, fault);
            }
        }
    }
}
