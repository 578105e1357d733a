/**
 * What every layer may use: the exception for unusable settings and input (exit code 2), the roles of the
 * settings a stage may find unusable, and stage timings.
 *
 * <p>May use: nothing else of this project.
 */
package org.wrmf.common;
