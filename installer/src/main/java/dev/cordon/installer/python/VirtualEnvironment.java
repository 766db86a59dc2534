package dev.cordon.installer.python;

import dev.cordon.installer.InstallFailedException;
import dev.cordon.installer.internal.Fingerprint;
import dev.cordon.installer.internal.StepRunner;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One plugin's virtual environment and the pip runs that fill it. The environment is created without pip of its
 * own (seeding pip costs far more than the rest of a small install); the creating interpreter's pip installs into
 * it ({@code pip --python}, pip 22.3 or later).
 */
final class VirtualEnvironment {

    /** pip ignores the user's and the machine's pip configuration: an install means the same everywhere. */
    private static final List<String> PIP = List.of("-m", "pip", "--isolated", "--disable-pip-version-check");

    private final Path dir;
    private final String interpreter;
    private final StepRunner runner;
    private final Consumer<String> output;

    /**
     * @param dir the environment's folder
     * @param interpreter the interpreter that creates it and whose pip fills it
     */
    VirtualEnvironment(Path dir, String interpreter, StepRunner runner, Consumer<String> output) {
        this.dir = dir;
        this.interpreter = interpreter;
        this.runner = runner;
        this.output = output;
    }

    /** The environment's interpreter. */
    Path python() {
        return dir.resolve("bin").resolve("python");
    }

    /** Creates the environment. */
    void create(boolean systemSitePackages) {
        List<String> command = new ArrayList<>(List.of(interpreter, "-m", "venv", "--without-pip"));
        if (systemSitePackages) {
            command.add("--system-site-packages");
        }
        command.add(dir.toString());
        runner.run("creating the virtual environment", command, dir.getParent(), Map.of(), output);
        if (!Files.isExecutable(python())) {
            throw new InstallFailedException(
                    dir.getFileName().toString(),
                    interpreter + " -m venv did not create " + python() + "; on Debian or Ubuntu install python3-venv");
        }
    }

    /**
     * {@code pip install} into the environment; {@code args} are pip's install options and specs. A pip too old for
     * {@code --python} fails here with pip's own message.
     */
    void pipInstall(String step, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(interpreter);
        command.addAll(PIP);
        command.addAll(List.of("--python", python().toString(), "install"));
        command.add("--no-input");
        command.addAll(args);
        runner.run(step, command, dir, Map.of("PIP_CONFIG_FILE", "/dev/null"), output);
    }

    /**
     * Builds a wheel of a package folder or sdist with {@code interpreter} (its setuptools and wheel), without an
     * index and without touching the source: a folder is copied first.
     *
     * @return the wheel
     */
    Path buildWheel(Path source, Path work) throws IOException {
        Path input = source;
        if (Files.isDirectory(source)) {
            input = work.resolve("src");
            copyTree(source, input);
        }
        Path out = work.resolve("wheels");
        Files.createDirectories(out);
        List<String> command = new ArrayList<>();
        command.add(interpreter);
        command.addAll(PIP);
        command.addAll(List.of("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", out.toString()));
        command.add(input.toString());
        StepRunner.Output result = runner.runAllowingFailure(
                "building a wheel of " + source, command, work, Map.of("PIP_CONFIG_FILE", "/dev/null"), output);
        if (result.exitCode() != 0) {
            throw new InstallFailedException(
                    dir.getFileName().toString(),
                    "Building a wheel of " + source + " with " + interpreter + " failed (status " + result.exitCode()
                            + "). Offline builds use the interpreter's own setuptools and wheel: install them for "
                            + interpreter + " (Debian: python3-setuptools python3-wheel), or install a built wheel."
                            + " Its last output:\n" + result.tail(25));
        }
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".whl"))
                    .findFirst()
                    .orElseThrow(() -> new InstallFailedException(
                            dir.getFileName().toString(), "Building " + source + " produced no wheel in " + out));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                String name = d.getFileName() == null ? "" : d.getFileName().toString();
                if (!d.equals(from) && Fingerprint.ignoredFolder(name)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
