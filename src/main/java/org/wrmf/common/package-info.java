/**
 * What every layer may use: the exception for unusable settings and input (exit code 2), the roles of the
 * settings a stage may find unusable, stage timings, and the Kryo registrator that lets Spark ship the
 * records of every layer ({@link org.wrmf.common.RecordKryoRegistrator}).
 *
 * <p>May use: nothing else of this project.
 */
package org.wrmf.common;
