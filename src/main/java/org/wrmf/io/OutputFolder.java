package org.wrmf.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.security.AccessControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;

/**
 * A run's hold on its output folder: one run per folder, and one at a time. {@link #claim}, before any
 * work, in this order:
 * <ol>
 *   <li>the path must name a folder this run can create and write in (else exit 2 naming the path);</li>
 *   <li>the run takes the lock {@value #LOCK_FILE}: a file created only if absent (atomically), holding
 *   the command, Spark application id, host, pid and start time. Another run's lock stops this one (exit
 *   2, saying who holds it), unless it is provably stale: its holder ran on this host and its pid is
 *   gone, or its heartbeat (the file's modification time, refreshed every {@link #HEARTBEAT} by a daemon
 *   thread) is older than {@link #STALE_AFTER}; such a lock is taken over with a warning, so a driver
 *   killed outright and rerun by a scheduler proceeds;</li>
 *   <li>a finished run (its {@code manifest.json} exists: commands write it last) stays unless the run may
 *   overwrite it (else exit 2 naming the finished run); then, and for an unfinished run, the previous
 *   run's outputs are removed before any work, so the folder never mixes two runs. Finished grid points
 *   ({@code grid/points}: keyed by data and settings, reused only on a match) and {@code _checkpoints}
 *   stay.</li>
 * </ol>
 * {@link #close} releases the lock; callers hold the folder in a try-with-resources, so success and
 * failure both release it.
 */
public final class OutputFolder implements AutoCloseable {
    public static final String LOCK_FILE = "_wrmf.lock";
    public static final String MANIFEST = "manifest.json";
    /**
     * A run's outputs, the manifest first: removal never leaves a finished-looking run half removed. Users
     * folded into the run's model (fold-in/) go with it.
     */
    static final List<String> RUN_OUTPUTS = List.of(
            MANIFEST,
            "prepared",
            "rejected",
            "curves",
            "factors",
            SparkMlModel.FOLDER,
            "similar-items",
            "recommendations",
            "report",
            "fold-in");

    /**
     * What else a run's folder may hold: grid points kept for a rerun, checkpoints, the lock, generated
     * likes, benchmark scratch, benchmark splits ({@code split-<seed>}) and the hidden leftovers of staged
     * writes and checksums (their names start with "." and one of these or of {@link #RUN_OUTPUTS}).
     */
    static final List<String> RUN_FOLDER_ENTRIES =
            List.of("grid", "_checkpoints", LOCK_FILE, "generated", "bench", "split-");

    /**
     * Folders of the operating system, relative to its root: a run there would mix its outputs with the
     * system's files, and with overwrite remove folders of the same names.
     */
    static final List<String> SYSTEM_FOLDERS = List.of(
            "bin",
            "boot",
            "dev",
            "etc",
            "home",
            "lib",
            "lib32",
            "lib64",
            "media",
            "mnt",
            "opt",
            "proc",
            "root",
            "run",
            "sbin",
            "srv",
            "sys",
            "tmp",
            "usr",
            "var",
            "usr/bin",
            "usr/lib",
            "usr/local",
            "usr/sbin",
            "usr/share",
            "var/lib",
            "var/log",
            "var/tmp");

    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** Ten missed heartbeats: long enough for a stalled driver or clocks a little apart. */
    static final Duration STALE_AFTER = Duration.ofMinutes(5);

    private static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);

    private final FileSystem fs;
    private final Path lock;
    private final byte[] content;
    private final ScheduledExecutorService heartbeat;
    private boolean released;

    private OutputFolder(FileSystem fs, Path lock, byte[] content, Duration interval) {
        this.fs = fs;
        this.lock = lock;
        this.content = content;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "wrmf output lock heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Claims the folder {@code path} for a run of {@code command} (Spark application {@code applicationId}):
     * checks it, locks it and clears the previous run's outputs, see the class comment.
     *
     * @throws ConfigError naming {@link Setting#OUTPUT_PATH} (unusable, or locked by another run) or
     *                     {@link Setting#OUTPUT_OVERWRITE} (a finished run that may not be replaced)
     */
    public static OutputFolder claim(
            Configuration hadoop, String path, boolean overwrite, String command, String applicationId) {
        return claim(hadoop, path, overwrite, command, applicationId, HEARTBEAT);
    }

    static OutputFolder claim(
            Configuration hadoop,
            String path,
            boolean overwrite,
            String command,
            String applicationId,
            Duration heartbeat) {
        FileSystem fs = usableFolder(hadoop, path, overwrite);
        Path folder = fs.makeQualified(new Path(path));
        OutputFolder claimed = lock(fs, folder, path, command, applicationId, heartbeat);
        try {
            Path manifest = new Path(folder, MANIFEST);
            if (fs.exists(manifest)) {
                String run = finishedRun(fs, manifest);
                if (!overwrite) {
                    throw ConfigError.of(
                            Setting.OUTPUT_OVERWRITE,
                            path + " holds " + run + "; set it to true to"
                                    + " replace that run (its outputs are removed first), or choose another output path");
                }
                clear(fs, folder, path, run, listedOutputs(fs, manifest));
            } else {
                clear(fs, folder, path, "an unfinished run (no " + MANIFEST + ")", RUN_OUTPUTS);
            }
            return claimed;
        } catch (IOException e) {
            claimed.close();
            throw new UncheckedIOException("cannot clear the output folder " + path, e);
        } catch (RuntimeException e) {
            claimed.close();
            throw e;
        }
    }

    /**
     * Whether {@code target} lies inside the folder {@code folder} (both qualified by their file
     * systems). When either cannot be resolved the answer is yes, so that the folder's claim reports it.
     */
    public static boolean contains(Configuration hadoop, String folder, String target) {
        try {
            Path outer = qualified(hadoop, folder);
            Path inner = qualified(hadoop, target);
            if (!Objects.equals(outer.toUri().getScheme(), inner.toUri().getScheme())
                    || !Objects.equals(
                            outer.toUri().getAuthority(), inner.toUri().getAuthority())) {
                return false;
            }
            String prefix = outer.toUri().getPath().endsWith("/")
                    ? outer.toUri().getPath()
                    : outer.toUri().getPath() + "/";
            return inner.toUri().getPath().startsWith(prefix);
        } catch (IOException | IllegalArgumentException e) {
            return true;
        }
    }

    private static Path qualified(Configuration hadoop, String path) throws IOException {
        Path p = new Path(path);
        return p.getFileSystem(hadoop).makeQualified(p);
    }

    /** This machine's name as locks record it. */
    public static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String name = System.getenv("HOSTNAME");
            return name == null || name.isBlank() ? "unknown" : name;
        }
    }

    /** Releases the lock (once), unless another run took it over meanwhile: that run's lock stays. */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        heartbeat.shutdownNow();
        try {
            if (Arrays.equals(content, read(fs, lock))) {
                fs.delete(lock, false);
            } else {
                LOG.warn("the lock {} is no longer this run's (taken over as stale?): left in place", lock);
            }
        } catch (FileNotFoundException e) {
            LOG.warn("the lock {} was removed while this run held it", lock);
        } catch (IOException e) {
            LOG.warn("could not release the lock {}: {} (delete it if no run uses the folder)", lock, e.toString());
        }
    }

    /**
     * Checks the checkpoint folder before any work (exit 2 naming {@code key}): on the local file system,
     * links followed, it may not be the root or a system folder. Spark writes there in folders of its own.
     */
    public static void checkCheckpointFolder(Configuration hadoop, String path, String key) {
        try {
            Path folder = new Path(path);
            FileSystem fs = folder.getFileSystem(hadoop);
            String problem = localSystemFolder(fs, fs.makeQualified(folder));
            if (problem != null) {
                throw ConfigError.key(key, path + " is " + problem + ": name a folder of its own");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw ConfigError.key(key, "cannot use " + path + ": " + e.getMessage());
        }
    }

    /**
     * Why a qualified local folder may not hold a run, links followed (a link to the root is the root):
     * the root or a system folder; null when it may, or when the file system is not the local one.
     */
    private static String localSystemFolder(FileSystem fs, Path folder) throws IOException {
        if (!"file".equals(folder.toUri().getScheme())) {
            return null;
        }
        java.nio.file.Path local = java.nio.file.Path.of(folder.toUri());
        return systemFolderProblem(realPath(local), local.getRoot());
    }

    /**
     * The path as it really is, links followed: the part that exists resolved by the operating system,
     * the rest (folders a run will create) appended as it is written.
     */
    static java.nio.file.Path realPath(java.nio.file.Path path) throws IOException {
        // ".." after a link leads out of the link's target: only the operating system resolves it right
        java.nio.file.Path absolute = path.toAbsolutePath();
        java.nio.file.Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null
                ? absolute.normalize()
                : existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    }

    /**
     * Why a folder (its real path) may not hold a run on a machine whose root is {@code root}: the root
     * itself or one of {@link #SYSTEM_FOLDERS}; null when it may.
     */
    static String systemFolderProblem(java.nio.file.Path real, java.nio.file.Path root) {
        if (real.equals(root)) {
            return "the root of a file system";
        }
        for (String name : SYSTEM_FOLDERS) {
            if (real.equals(root.resolve(name))) {
                return "a system folder (" + real + ")";
            }
        }
        return null;
    }

    /**
     * Entries of the folder that no run writes, at most a few: a run may not mix its outputs with them (or,
     * for a folder that is not a run's, remove folders that happen to share an output's name).
     */
    static List<String> foreignEntries(FileSystem fs, Path folder) throws IOException {
        List<String> foreign = new ArrayList<>();
        for (FileStatus entry : fs.listStatus(folder)) {
            String name = entry.getPath().getName();
            if (!writtenByARun(name) && foreign.size() < 5) {
                foreign.add(name);
            }
        }
        return foreign;
    }

    private static boolean writtenByARun(String name) {
        boolean hidden = name.startsWith(".");
        String bare = hidden ? name.substring(1) : name;
        return Stream.concat(RUN_OUTPUTS.stream(), RUN_FOLDER_ENTRIES.stream())
                .anyMatch(known -> name.equals(known) || ((hidden || known.endsWith("-")) && bare.startsWith(known)));
    }

    /** Check 1: a folder that exists or can be created, on a file system this job can reach. */
    private static FileSystem usableFolder(Configuration hadoop, String path, boolean overwrite) {
        Path folder;
        FileSystem fs;
        try {
            folder = new Path(path);
            fs = folder.getFileSystem(hadoop);
        } catch (IllegalArgumentException e) {
            throw ConfigError.of(Setting.OUTPUT_PATH, "\"" + path + "\" is not a path: " + e.getMessage());
        } catch (UnsupportedFileSystemException e) {
            throw ConfigError.of(Setting.OUTPUT_PATH, path + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the file system of " + path, e);
        }
        folder = fs.makeQualified(folder);
        String system;
        try {
            system = folder.isRoot() ? "the root of a file system" : localSystemFolder(fs, folder);
        } catch (IOException e) {
            throw unusable(path, "cannot resolve " + path, e);
        }
        if (system != null) {
            throw ConfigError.of(
                    Setting.OUTPUT_PATH,
                    path + " is " + system + ": name a folder of its own (a run removes its previous outputs there)");
        }
        try {
            if (!fs.getFileStatus(folder).isDirectory()) {
                throw ConfigError.of(Setting.OUTPUT_PATH, path + " is a file, not a folder");
            }
            // overwrite replaces a finished run, which lists its outputs; it never clears a folder that is not a run's
            boolean finished = fs.exists(new Path(folder, MANIFEST));
            List<String> foreign = overwrite && finished ? List.of() : foreignEntries(fs, folder);
            if (!foreign.isEmpty()) {
                throw ConfigError.of(
                        Setting.OUTPUT_PATH,
                        path + " holds other things than a run (" + String.join(", ", foreign)
                                + "): name an empty folder or a run's");
            }
        } catch (FileNotFoundException e) {
            try {
                if (!fs.mkdirs(folder)) {
                    throw ConfigError.of(Setting.OUTPUT_PATH, "cannot create the folder " + path);
                }
            } catch (IOException mkdirs) {
                throw unusable(path, "cannot create the folder " + path, mkdirs);
            }
        } catch (IOException e) {
            throw unusable(path, "cannot read " + path, e);
        }
        return fs;
    }

    /** The user's to fix (exit 2) when the path's fault; else the file system's (exit 1). */
    private static RuntimeException unusable(String path, String problem, IOException e) {
        if (e instanceof ParentNotDirectoryException
                || e instanceof FileAlreadyExistsException
                || e instanceof java.nio.file.FileAlreadyExistsException
                || e instanceof AccessControlException
                || e instanceof AccessDeniedException
                || e instanceof FileNotFoundException) {
            return ConfigError.of(Setting.OUTPUT_PATH, problem + ": " + e.getMessage());
        }
        return new UncheckedIOException(problem, e);
    }

    /** Check 2: the lock, created only if absent; a provably stale one is taken over. */
    private static OutputFolder lock(
            FileSystem outputs, Path folder, String path, String command, String applicationId, Duration heartbeat) {
        // checksum file systems (the local one) would add a .crc file beside the lock: go under them
        FileSystem fs = outputs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : outputs;
        Path lock = new Path(folder, LOCK_FILE);
        byte[] content = describe(Map.of(
                        "command",
                        command,
                        "application_id",
                        applicationId,
                        "host",
                        thisHost(),
                        "pid",
                        String.valueOf(ProcessHandle.current().pid()),
                        "started_at",
                        Instant.now().toString()))
                .getBytes(StandardCharsets.UTF_8);
        Holder holder = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                createNew(fs, lock, content);
                return new OutputFolder(fs, lock, content, heartbeat);
            } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
                // held: by whom, and is that run gone?
            } catch (IOException e) {
                throw unusable(path, "cannot create files in " + path, e);
            }
            try {
                holder = Holder.read(fs, lock);
            } catch (FileNotFoundException e) {
                continue; // released meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the lock " + lock, e);
            }
            String stale = holder.staleness();
            if (stale == null) {
                break;
            }
            takeOver(fs, lock, holder, stale);
        }
        throw ConfigError.of(
                Setting.OUTPUT_PATH,
                path + " is in use by another run: its lock " + new Path(path, LOCK_FILE)
                        + (holder == null ? "" : " is held by " + holder)
                        + ". If no run uses this folder, delete that file.");
    }

    /**
     * Creates the file with the content, failing if it exists. Hadoop's local file system checks, then
     * creates, so two runs could both pass: there the operating system's exclusive create decides.
     * Elsewhere {@code create(overwrite = false)} is atomic (HDFS: the NameNode decides).
     */
    private static void createNew(FileSystem fs, Path file, byte[] content) throws IOException {
        if (fs instanceof RawLocalFileSystem local) {
            Files.write(
                    local.pathToFile(file).toPath(), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return;
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(content);
        }
    }

    /**
     * Moves the stale lock aside and checks that what moved is the lock judged stale: a run that took it
     * over a moment earlier has a fresh one there, which goes back in place.
     */
    private static void takeOver(FileSystem fs, Path lock, Holder stale, String reason) {
        Path aside = new Path(lock.getParent(), "." + LOCK_FILE + ".stale-" + UUID.randomUUID());
        try {
            if (!fs.rename(lock, aside)) {
                return;
            }
            if (!Arrays.equals(stale.content(), read(fs, aside))) {
                fs.rename(aside, lock);
                return;
            }
            fs.delete(aside, false);
            LOG.warn("took over the stale lock {} of {}: {}", lock, stale, reason);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take over the stale lock " + lock, e);
        }
    }

    /** Refreshes the lock's modification time; where the file system ignores that, rewrites the lock. */
    private synchronized void beat() {
        if (released) {
            return;
        }
        try {
            if (!Arrays.equals(content, read(fs, lock))) {
                LOG.error("the lock {} was taken over by another run: two runs now write in its folder", lock);
                heartbeat.shutdown();
                return;
            }
            long now = System.currentTimeMillis();
            fs.setTimes(lock, now, -1);
            if (fs.getFileStatus(lock).getModificationTime() < now - 1000) {
                try (OutputStream out = fs.create(lock, true)) {
                    out.write(content);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not refresh the lock {}: {}", lock, e.toString());
        }
    }

    private static byte[] read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    private static String describe(Map<String, String> fields) {
        StringBuilder text = new StringBuilder();
        for (String key : List.of("command", "application_id", "host", "pid", "started_at")) {
            text.append(key).append('=').append(fields.get(key)).append('\n');
        }
        return text.toString();
    }

    /** "the finished run of train started at 2024-05-01T10:00:00Z", from its manifest. */
    private static String finishedRun(FileSystem fs, Path manifest) {
        try {
            JsonNode run = new ObjectMapper().readTree(read(fs, manifest));
            return "the finished run of " + run.path("command").asText("?") + " started at "
                    + run.path("started_at").asText("?") + " (" + MANIFEST + ")";
        } catch (IOException e) {
            return "a finished run (" + MANIFEST + " exists, unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * The run outputs present in the folder, the manifest included: what a run's manifest lists, so that
     * overwriting the run removes these and nothing else.
     */
    public static List<String> outputsIn(Configuration hadoop, String path) {
        try {
            Path folder = new Path(path);
            FileSystem fs = folder.getFileSystem(hadoop);
            List<String> present = new ArrayList<>();
            for (String name : RUN_OUTPUTS) {
                if (name.equals(MANIFEST) || fs.exists(new Path(folder, name))) {
                    present.add(name);
                }
            }
            return present;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the outputs in " + path, e);
        }
    }

    /**
     * The outputs a finished run's manifest lists, only those a run writes (a manifest edited to list
     * other names removes nothing more), and users folded in since (fold-in/ goes with the run's model);
     * all of them for a manifest written before runs listed theirs.
     */
    private static List<String> listedOutputs(FileSystem fs, Path manifest) {
        try {
            JsonNode listed = new ObjectMapper().readTree(read(fs, manifest)).path("outputs");
            if (!listed.isArray()) {
                return RUN_OUTPUTS;
            }
            List<String> names = new ArrayList<>();
            listed.forEach(name -> names.add(name.asText()));
            return RUN_OUTPUTS.stream()
                    .filter(name -> names.contains(name) || name.equals("fold-in"))
                    .toList();
        } catch (IOException e) {
            return RUN_OUTPUTS;
        }
    }

    /** Removes the previous run's outputs (those named) and the hidden leftovers of staged writes. */
    private static void clear(FileSystem fs, Path folder, String path, String run, List<String> outputs)
            throws IOException {
        List<String> removed = new ArrayList<>();
        for (String name : outputs) {
            Path output = new Path(folder, name);
            if (fs.exists(output)) {
                delete(fs, output);
                removed.add(name);
            }
        }
        for (FileStatus entry : fs.listStatus(folder)) {
            String name = entry.getPath().getName();
            if (RUN_OUTPUTS.stream().anyMatch(output -> name.startsWith("." + output + "."))) {
                delete(fs, entry.getPath());
                removed.add(name);
            }
        }
        if (!removed.isEmpty()) {
            LOG.info(
                    "{}: removed the outputs of {} ({}); kept grid/points and _checkpoints",
                    path,
                    run,
                    String.join(", ", removed));
        }
    }

    private static void delete(FileSystem fs, Path path) throws IOException {
        if (!fs.delete(path, true) && fs.exists(path)) {
            throw new IOException("could not delete " + path);
        }
    }

    /** Who holds a lock, as its file says, and when its heartbeat last touched it. */
    private record Holder(byte[] content, Map<String, String> fields, long heartbeat) {
        static Holder read(FileSystem fs, Path lock) throws IOException {
            byte[] content = OutputFolder.read(fs, lock);
            long heartbeat = fs.getFileStatus(lock).getModificationTime();
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(
                            line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            return new Holder(content, fields, heartbeat);
        }

        /** Why the holder is provably gone, or null when it may still run. */
        String staleness() {
            String pid = fields.get("pid");
            if (thisHost().equals(fields.get("host"))
                    && pid != null
                    && pid.matches("\\d+")
                    && ProcessHandle.of(Long.parseLong(pid))
                            .map(p -> !p.isAlive())
                            .orElse(true)) {
                return "its process (pid " + pid + ") no longer runs on this host";
            }
            long silent = System.currentTimeMillis() - heartbeat;
            if (silent > STALE_AFTER.toMillis()) {
                return "no heartbeat for " + Duration.ofMillis(silent).toSeconds() + " s";
            }
            return null;
        }

        @Override
        public String toString() {
            long silent = Math.max(0, System.currentTimeMillis() - heartbeat) / 1000;
            return fields.getOrDefault("command", "?") + " (application " + fields.getOrDefault("application_id", "?")
                    + ", host " + fields.getOrDefault("host", "?") + ", pid " + fields.getOrDefault("pid", "?")
                    + ", started " + fields.getOrDefault("started_at", "?") + ", last heartbeat " + silent + " s ago)";
        }
    }
}
