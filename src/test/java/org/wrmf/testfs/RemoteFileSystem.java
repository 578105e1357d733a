package org.wrmf.testfs;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.util.Progressable;

/**
 * A file system that is not the local one as far as the job can tell, for tests of cloud storage:
 * {@code remote://BUCKET/a/b} is kept in the local folder {@code <root>/BUCKET/a/b}, where root is the
 * Hadoop setting {@value #ROOT}. Tests register it with {@code fs.remote.impl}, as S3A is registered for
 * {@code s3a://}.
 *
 * <p>Like an object store's client it is no {@link RawLocalFileSystem} and no checksum file system, its
 * {@code setTimes} does nothing (FileSystem's default, as S3A), it has no {@code append}, and it reports
 * a fixed owner and permissions. Since a path's own folder ({@code /a/b}) is not where its file is, code
 * that opens a job's path with java.io or java.nio rather than through Hadoop fails, or writes where the
 * test sees it, instead of passing unnoticed.
 */
public class RemoteFileSystem extends FileSystem {
    public static final String SCHEME = "remote";
    /** The Hadoop setting naming the local folder that holds the buckets. */
    public static final String ROOT = "fs.remote.root";

    /** Every file created through this scheme in this JVM, as remote paths: what the test checks went where. */
    private static final Queue<Path> CREATED = new ConcurrentLinkedQueue<>();

    private URI uri;
    private String bucket;
    /** The bucket's local folder, as a path of the local file system (no trailing slash). */
    private String bucketFolder;

    private RawLocalFileSystem local;
    private Path workingDirectory;
    private String owner;

    /** The files created through this scheme since the last {@link #forgetCreated}. */
    public static List<Path> created() {
        return List.copyOf(CREATED);
    }

    public static void forgetCreated() {
        CREATED.clear();
    }

    @Override
    public void initialize(URI name, Configuration conf) throws IOException {
        super.initialize(name, conf);
        setConf(conf);
        bucket = name.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw new IOException(
                    name + ": a " + SCHEME + ":// path names a bucket, e.g. " + SCHEME + "://bucket/path");
        }
        String root = conf.get(ROOT);
        if (root == null || root.isEmpty()) {
            throw new IOException("set " + ROOT + " to the local folder that holds the " + SCHEME + ":// buckets");
        }
        uri = URI.create(SCHEME + "://" + bucket);
        local = new RawLocalFileSystem();
        local.initialize(URI.create("file:///"), conf);
        String rootPath = local.makeQualified(new Path(new File(root).getAbsolutePath()))
                .toUri()
                .getPath();
        bucketFolder = (rootPath.endsWith("/") ? rootPath : rootPath + "/") + bucket;
        workingDirectory = new Path(SCHEME, bucket, "/");
        owner = UserGroupInformation.getCurrentUser().getShortUserName();
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public URI getUri() {
        return uri;
    }

    /** No delegation tokens (S3A's answer without them); the default would resolve the bucket as a host. */
    @Override
    public String getCanonicalServiceName() {
        return null;
    }

    @Override
    public FSDataInputStream open(Path path, int bufferSize) throws IOException {
        return local.open(toLocal(path), bufferSize);
    }

    @Override
    public FSDataOutputStream create(
            Path path,
            FsPermission permission,
            boolean overwrite,
            int bufferSize,
            short replication,
            long blockSize,
            Progressable progress)
            throws IOException {
        FSDataOutputStream out =
                local.create(toLocal(path), permission, overwrite, bufferSize, replication, blockSize, progress);
        CREATED.add(makeQualified(path));
        return out;
    }

    @Override
    public FSDataOutputStream createNonRecursive(
            Path path,
            FsPermission permission,
            EnumSet<CreateFlag> flags,
            int bufferSize,
            short replication,
            long blockSize,
            Progressable progress)
            throws IOException {
        FSDataOutputStream out = local.createNonRecursive(
                toLocal(path), permission, flags, bufferSize, replication, blockSize, progress);
        CREATED.add(makeQualified(path));
        return out;
    }

    /** Object stores have no append. */
    @Override
    public FSDataOutputStream append(Path path, int bufferSize, Progressable progress) {
        throw new UnsupportedOperationException(SCHEME + ":// has no append: " + path);
    }

    @Override
    public boolean rename(Path source, Path target) throws IOException {
        return local.rename(toLocal(source), toLocal(target));
    }

    @Override
    public boolean delete(Path path, boolean recursive) throws IOException {
        return local.delete(toLocal(path), recursive);
    }

    @Override
    public FileStatus[] listStatus(Path path) throws IOException {
        FileStatus[] entries = local.listStatus(toLocal(path));
        FileStatus[] remote = new FileStatus[entries.length];
        for (int i = 0; i < entries.length; i++) {
            remote[i] = toRemote(entries[i]);
        }
        return remote;
    }

    @Override
    public void setWorkingDirectory(Path directory) {
        workingDirectory = makeQualified(directory);
    }

    @Override
    public Path getWorkingDirectory() {
        return workingDirectory;
    }

    @Override
    public boolean mkdirs(Path path, FsPermission permission) throws IOException {
        return local.mkdirs(toLocal(path), permission);
    }

    @Override
    public FileStatus getFileStatus(Path path) throws IOException {
        return toRemote(local.getFileStatus(toLocal(path)));
    }

    @Override
    public void close() throws IOException {
        try {
            local.close();
        } finally {
            super.close();
        }
    }

    /** Where the file of a path of this bucket is kept. */
    private Path toLocal(Path path) {
        String inside = makeQualified(path).toUri().getPath();
        return new Path("file", null, "/".equals(inside) ? bucketFolder : bucketFolder + inside);
    }

    /** A local file's status as this file system's, with the fixed owner and permissions of an object store. */
    private FileStatus toRemote(FileStatus status) {
        String file = status.getPath().toUri().getPath();
        if (!file.equals(bucketFolder) && !file.startsWith(bucketFolder + "/")) {
            throw new IllegalStateException(file + " is outside the bucket folder " + bucketFolder);
        }
        String inside = file.length() == bucketFolder.length() ? "/" : file.substring(bucketFolder.length());
        FsPermission permission = status.isDirectory() ? FsPermission.getDirDefault() : FsPermission.getFileDefault();
        return new FileStatus(
                status.getLen(),
                status.isDirectory(),
                1,
                status.getBlockSize(),
                status.getModificationTime(),
                status.getModificationTime(),
                permission,
                owner,
                owner,
                new Path(SCHEME, bucket, inside));
    }
}
