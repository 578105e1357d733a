/**
 * The command line: every command, and the one place where the Typesafe settings become typed, validated
 * records ({@link org.wrmf.cli.SettingsReader}); nothing below this package sees the config or a {@code wrmf.*} key.
 * Commands run the stages in order and record what each did in the manifest.
 *
 * <p>May use: every other package.
 */
package org.wrmf.cli;
