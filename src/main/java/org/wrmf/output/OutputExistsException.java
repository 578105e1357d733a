package org.wrmf.output;

/**
 * An output already exists and the run was not allowed to replace it. The command line maps this
 * to exit code 2 (a usage error: rerun with the key set, or choose another output path), so a
 * scheduler can tell it apart from a failed computation.
 */
public final class OutputExistsException extends RuntimeException {
    private final String path;

    public OutputExistsException(String path) {
        super("output " + path + " already exists; set " + SafeOutput.OVERWRITE_KEY
                + "=true to replace it, or choose another output path");
        this.path = path;
    }

    public String path() {
        return path;
    }
}
