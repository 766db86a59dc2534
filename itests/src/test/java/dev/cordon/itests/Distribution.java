package dev.cordon.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The assembled distribution under test, and helpers to work on private copies of it. */
final class Distribution {

    private Distribution() {}

    /** {@code distribution/target/cordon}, as the build assembled it. */
    static Path assembled() {
        String dir = System.getProperty("cordon.dist");
        if (dir == null) {
            throw new IllegalStateException(
                    "The system property cordon.dist is not set: run these tests through Maven");
        }
        Path p = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("bundles"))) {
            throw new IllegalStateException("No assembled distribution at " + p + ": run 'mvn package' first");
        }
        return p;
    }

    static List<Path> bundleJars() {
        try (Stream<Path> s = Files.list(assembled().resolve("bundles"))) {
            return s.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the distribution in {@code target} with an empty data folder, so tests never share state. */
    static Path copyTo(Path target) throws IOException {
        Path source = assembled();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = source.relativize(dir);
                if (rel.toString().equals("data")) {
                    Files.createDirectories(target.resolve(rel));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(rel.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(
                        file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
        return target;
    }

    /** Writes a minimal bundle jar (a manifest only) with the given symbolic name. */
    static Path writeBundle(Path jar, String symbolicName) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        return jar;
    }

    /**
     * Writes a bundle jar whose activator is {@code activator}, a class of these tests with a no-argument
     * constructor that needs only {@code org.osgi.framework}.
     */
    static Path writeActivatorBundle(Path jar, String symbolicName, Class<?> activator) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", activator.getName());
        a.putValue("Import-Package", "org.osgi.framework");
        String entry = activator.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m);
                var classFile = activator.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new java.util.jar.JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
