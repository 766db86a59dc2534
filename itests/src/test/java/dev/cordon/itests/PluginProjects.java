package dev.cordon.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds Java plugin projects as {@code cordon new java} writes them with a real {@code mvn package} against the
 * distribution's {@code repository/} folder. Maven runs offline (only {@code file:} repositories are reached) with
 * a private local repository that links every group of the shared one except Cordon's, so what the project gets
 * from Cordon comes from the distribution and nothing lands in the shared repository.
 */
final class PluginProjects {

    private PluginProjects() {}

    /** Runs {@code mvn package} in {@code project}; returns the plugin archive it left in target/. */
    static Path mvnPackage(Path project, Path scratch) throws IOException, InterruptedException {
        Path local = privateLocalRepository(scratch.resolve("local-repository"));
        Path log = scratch.resolve("mvn-" + project.getFileName() + ".log");
        Process mvn = new ProcessBuilder(
                        maven().toString(),
                        "-B",
                        "-q",
                        "-o",
                        "-Daether.offline.protocols=file",
                        "-Dmaven.repo.local=" + local,
                        "package")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!mvn.waitFor(300, TimeUnit.SECONDS)) {
                throw new AssertionError("mvn package did not finish in 300 s: " + Files.readString(log));
            }
        } finally {
            mvn.descendants().forEach(ProcessHandle::destroyForcibly);
            mvn.destroyForcibly();
            mvn.waitFor(10, TimeUnit.SECONDS);
        }
        if (mvn.exitValue() != 0) {
            throw new AssertionError("mvn package failed (" + mvn.exitValue() + "): " + Files.readString(log));
        }
        try (Stream<Path> files = Files.list(project.resolve("target"))) {
            List<Path> zips = files.filter(f -> f.toString().endsWith(".zip")).toList();
            if (zips.size() != 1) {
                throw new AssertionError("expected one plugin archive in target/, found " + zips);
            }
            return zips.get(0);
        }
    }

    private static Path maven() {
        String home = System.getProperty("maven.home");
        return home == null ? Path.of("mvn") : Path.of(home, "bin", "mvn");
    }

    private static Path privateLocalRepository(Path local) throws IOException {
        if (Files.isDirectory(local)) {
            return local;
        }
        Path shared = Path.of(
                System.getProperty("cordon.shared.repository", System.getProperty("user.home") + "/.m2/repository"));
        Files.createDirectories(local.resolve("dev"));
        try (Stream<Path> groups = Files.list(shared)) {
            for (Path g : groups.toList()) {
                if (!g.getFileName().toString().equals("dev")) {
                    Files.createSymbolicLink(local.resolve(g.getFileName()), g);
                }
            }
        }
        if (Files.isDirectory(shared.resolve("dev"))) {
            try (Stream<Path> groups = Files.list(shared.resolve("dev"))) {
                for (Path g : groups.toList()) {
                    if (!g.getFileName().toString().equals("cordon")) {
                        Files.createSymbolicLink(local.resolve("dev").resolve(g.getFileName()), g);
                    }
                }
            }
        }
        return local;
    }
}
