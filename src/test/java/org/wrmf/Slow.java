package org.wrmf;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test (class or method) that takes seconds to minutes: it runs whole commands, starts processes or a
 * cluster, or trains long. {@code mvn test} runs everything; {@code mvn test -DexcludedGroups=slow}
 * leaves these out while working.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
public @interface Slow {}
