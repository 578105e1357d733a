package org.wrmf.errors;

/**
 * A setting, argument or input that cannot work: the command line reports its message and exits 2,
 * so a scheduler can tell "fix the call" from "the job failed".
 */
public class ConfigError extends RuntimeException {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem with one key: the message starts with the key, as users search for it. */
    public static ConfigError key(String key, String problem) {
        return new ConfigError(key + ": " + problem);
    }
}
