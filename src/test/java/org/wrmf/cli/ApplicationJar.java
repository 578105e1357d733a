package org.wrmf.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The application jar tests submit through submit/*.sh: our classes and the config library. The real jar
 * relocates the library; here it keeps its own package, which the driver and the executors load from this
 * jar alone. `mvn test` runs before `package` makes the real (shaded) jar, hence this one.
 */
final class ApplicationJar {
    private ApplicationJar() {}

    /**
     * Writes the jar from target/classes, the config library and the test classes under the given folders
     * of target/test-classes (e.g. "org/wrmf/testfs": test-only classes a submitted job must load).
     */
    static Path build(Path root, Path jar, String... testFolders) throws IOException {
        Path configJar = Path.of(com.typesafe.config.Config.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                JarFile config = new JarFile(configJar.toFile())) {
            addTree(out, root.resolve("target/classes"), root.resolve("target/classes"));
            for (String folder : testFolders) {
                addTree(
                        out,
                        root.resolve("target/test-classes"),
                        root.resolve("target/test-classes").resolve(folder));
            }
            for (JarEntry entry : (Iterable<JarEntry>) config.stream()::iterator) {
                if (entry.getName().startsWith("com/typesafe/config/") && !entry.isDirectory()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    config.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    private static void addTree(JarOutputStream out, Path base, Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(base.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}
