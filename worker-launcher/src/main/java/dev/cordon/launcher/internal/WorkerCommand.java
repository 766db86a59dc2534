package dev.cordon.launcher.internal;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that starts a worker of each runtime kind: Java, Python, or the original cjm worker. */
final class WorkerCommand {

    private static final String WORKER_MODULE = "dev.cordon.worker/dev.cordon.worker.Main";

    private WorkerCommand() {}

    /**
     * The command line for the manifest's runtime kind.
     *
     * @param cjmPort the port an original (cjm) worker is told to bind; unused for the other kinds
     * @throws PluginInputError when the manifest or the settings lack what the kind needs, naming what
     */
    static List<String> of(
            LauncherSettings settings, RuntimeKind kind, Manifest manifest, Path manifestFile, int cjmPort) {
        var install = manifest.install();
        var code = manifest.code();
        List<String> command = new ArrayList<>();
        switch (kind) {
            case JAVA -> {
                if (install.envDir() == null) {
                    throw new PluginInputError(
                            "Manifest " + manifestFile + " declares runtime 'java' but no "
                                    + "install.env_dir: the Java worker loads the plugin from that folder of jars",
                            List.of("install.env_dir"),
                            null);
                }
                String java = install.javaPath() != null
                        ? install.javaPath()
                        : settings.workerJava().orElseGet(WorkerCommand::defaultJava);
                command.add(java);
                command.addAll(settings.jvmArgs());
                if (install.jvmArgs() != null) {
                    command.addAll(install.jvmArgs());
                }
                if (!Files.isDirectory(settings.workerLib())) {
                    throw new PluginInputError(
                            "The Java worker's libraries are missing: " + settings.workerLib()
                                    + " is not a folder; set cordon.worker.lib to the distribution's lib/worker",
                            null,
                            null);
                }
                command.addAll(List.of(
                        "--module-path",
                        settings.workerLib().toString(),
                        "-m",
                        WORKER_MODULE,
                        "--env-dir",
                        resolve(manifestFile, install.envDir()).toString()));
                if (!code.className().isEmpty()) {
                    command.addAll(List.of("--class", code.className()));
                }
                if (!code.module().isEmpty()) {
                    command.addAll(List.of("--module", code.module()));
                }
            }
            case PYTHON -> {
                command.addAll(List.of(
                        install.pythonPath(),
                        settings.pythonWorker().toString(),
                        "--module",
                        code.module(),
                        "--class",
                        code.className()));
                if (install.envDir() != null) {
                    command.addAll(List.of(
                            "--path", resolve(manifestFile, install.envDir()).toString()));
                }
            }
            case CJM -> {
                if (install.pythonPath() == null || install.pythonPath().isBlank()) {
                    throw new PluginInputError(
                            "Manifest " + manifestFile + " runs the original cjm worker but has "
                                    + "no install.python_path: name the interpreter of the plugin's environment",
                            List.of("install.python_path"),
                            null);
                }
                command.addAll(List.of(
                        install.pythonPath(),
                        "-m",
                        "cjm_plugin_system.core.worker",
                        "--module",
                        code.module(),
                        "--class",
                        code.className(),
                        "--port",
                        Integer.toString(cjmPort),
                        "--ppid",
                        Long.toString(ProcessHandle.current().pid())));
            }
        }
        return command;
    }

    /** The host's own JVM, the default for Java workers. */
    static String defaultJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code path} as written in the manifest, relative to the manifest's folder unless absolute. */
    static Path resolve(Path manifestFile, String path) {
        Path p = Path.of(path);
        return p.isAbsolute()
                ? p
                : manifestFile.toAbsolutePath().getParent().resolve(p).normalize();
    }
}
