package dev.cordon.testkit.misbehaving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * Writes manifests that run a {@link Misbehaviour} on Cordon's Java or Python worker, for a failure suite to
 * launch with the launcher under test. Everything a manifest needs is written beside it in the folder given: the
 * Python plugins ({@code cordon_misbehaving.py}, from this jar) and, for a worker-level misbehaviour, the wrapper
 * script that stands in for the interpreter.
 */
public final class MisbehavingWorkers {

    /** Package of the Java plugins (the {@code dev.cordon.examples:misbehaving} jar). */
    public static final String JAVA_PACKAGE = "dev.cordon.examples.misbehaving.";
    /** The Python module holding the plugins. */
    public static final String PYTHON_MODULE = "cordon_misbehaving";

    private MisbehavingWorkers() {}

    /**
     * Writes {@code <dir>/<plugin name>.python.json} running {@code misbehaviour} on the Python worker with
     * {@code python} (an interpreter path); returns the manifest.
     */
    public static Path pythonManifest(Misbehaviour misbehaviour, Path dir, String python) throws IOException {
        Objects.requireNonNull(python, "python");
        Path env = Files.createDirectories(dir.resolve("py-misbehaving"));
        try (InputStream module = MisbehavingWorkers.class.getResourceAsStream(PYTHON_MODULE + ".py")) {
            if (module == null) {
                throw new IllegalStateException(PYTHON_MODULE + ".py is missing from the testkit jar");
            }
            Files.copy(module, env.resolve(PYTHON_MODULE + ".py"), StandardCopyOption.REPLACE_EXISTING);
        }
        String interpreter =
                misbehaviour.workerLevel() ? wrapper(misbehaviour, dir, python).toString() : python;
        return write(dir.resolve(misbehaviour.pluginName() + ".python.json"), """
                {"format_version": "2.0",
                 "install": {"python_path": %s, "runtime": "python", "env_dir": %s},
                 "code": {"name": %s, "version": "1.0.0", "description": "testkit: %s", "module": "%s",
                          "class": "%s", "interface": "cordon_plugin.CordonPlugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(
                        json(interpreter),
                        json(env.toString()),
                        json(misbehaviour.pluginName()),
                        misbehaviour.name(),
                        PYTHON_MODULE,
                        misbehaviour.pluginClass()));
    }

    /**
     * Writes {@code <dir>/<plugin name>.java.json} running {@code misbehaviour} on the Java worker, the plugins taken from
     * {@code envDir} (the misbehaving plugins' environment folder, {@code examples/misbehaving/target/env} in
     * Cordon's build); a worker-level misbehaviour runs under a wrapper around {@code java}; returns the manifest.
     */
    public static Path javaManifest(Misbehaviour misbehaviour, Path dir, Path envDir, String java) throws IOException {
        if (!Files.isDirectory(envDir)) {
            throw new IllegalArgumentException("the misbehaving Java plugins' environment folder " + envDir
                    + " does not exist; build dev.cordon.examples:misbehaving first");
        }
        Files.createDirectories(dir);
        String javaPath = misbehaviour.workerLevel()
                ? "\"java_path\": " + json(wrapper(misbehaviour, dir, java).toString()) + ", "
                : "";
        return write(dir.resolve(misbehaviour.pluginName() + ".java.json"), """
                {"format_version": "2.0",
                 "install": {"python_path": "", "runtime": "java", %s"env_dir": %s},
                 "code": {"name": %s, "version": "1.0.0", "description": "testkit: %s", "module": "",
                          "class": "%s", "interface": "dev.cordon.api.plugin.Plugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(
                        javaPath,
                        json(envDir.toAbsolutePath().toString()),
                        json(misbehaviour.pluginName()),
                        misbehaviour.name(),
                        JAVA_PACKAGE + misbehaviour.pluginClass()));
    }

    /** The interpreter stand-in of a worker-level misbehaviour: a script that breaks the protocol, then runs {@code real}. */
    private static Path wrapper(Misbehaviour misbehaviour, Path dir, String real) throws IOException {
        String body = switch (misbehaviour) {
            case GARBAGE_ON_STDOUT -> "printf 'this is not a handshake line\\n'\nexec " + shell(real) + " \"$@\"\n";
            // The token line (the first on stdin) is handed over in an unlinked file, so the worker still gets it;
            // fd 3 keeps the host's pipe open, unread, for the worker's whole life.
            case NEVER_READ_STDIN ->
                "IFS= read -r token\nf=$(mktemp)\nprintf '%s\\n' \"$token\" > \"$f\"\n"
                        + "exec 4<\"$f\"\nrm -f \"$f\"\nexec 3<&0\nexec " + shell(real) + " \"$@\" <&4 4<&-\n";
            default -> throw new IllegalArgumentException(misbehaviour + " is not a worker-level misbehaviour");
        };
        Path script = dir.resolve(misbehaviour.pluginName() + "-" + Math.abs(real.hashCode()) + ".sh");
        Files.writeString(script, "#!/bin/sh\n# testkit: " + misbehaviour + "\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static Path write(Path file, String manifest) {
        try {
            Files.writeString(file, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest " + file, e);
        }
        return file;
    }

    private static String json(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String shell(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
