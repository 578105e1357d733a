package org.wrmf.common;

/**
 * A setting, argument or input that cannot work: the command line reports its message and exits 2,
 * so a scheduler can tell "fix the call" from "the job failed". Raised below the command line, it names
 * the {@link Setting} at fault, and the command line puts that setting's key in front of the message.
 */
public class ConfigError extends RuntimeException {
    private final Setting setting;

    public ConfigError(String message) {
        this(null, message, null);
    }

    public ConfigError(String message, Throwable cause) {
        this(null, message, cause);
    }

    protected ConfigError(Setting setting, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** A problem with one key: the message starts with the key, as users search for it. */
    public static ConfigError key(String key, String problem) {
        return new ConfigError(key + ": " + problem);
    }

    /** A problem with one setting, found by a stage that knows the setting's role but not its key. */
    public static ConfigError of(Setting setting, String problem) {
        return new ConfigError(setting, problem, null);
    }

    /** The setting at fault, or null when the message names its key (or no key is at fault). */
    public Setting setting() {
        return setting;
    }
}
