package org.wrmf.linalg;

/**
 * Whether this JVM has the incubating Vector API ({@code jdk.incubator.vector}), probed once. Classes
 * with a SIMD path load their vector code only after checking {@link #AVAILABLE}, so a JVM started
 * without {@code --add-modules=jdk.incubator.vector} (an IDE run) takes their scalar loops and never
 * fails; the launch scripts and the test runner add the module.
 */
public final class VectorApi {
    /** True when the module is in the boot layer. */
    public static final boolean AVAILABLE =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorApi() {}
}
