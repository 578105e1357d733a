package org.wrmf.io;

import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;

/**
 * An output already exists and the run was not allowed to replace it. A {@link ConfigError}, so the
 * command line exits 2 (fix the call: set the key, or choose another output path), which a scheduler
 * tells apart from a failed computation.
 */
public final class OutputExistsException extends ConfigError {

    public OutputExistsException(String path) {
        super(
                Setting.OUTPUT_OVERWRITE,
                "output " + path + " already exists; set it to true to replace it, or" + " choose another output path",
                null);
    }
}
