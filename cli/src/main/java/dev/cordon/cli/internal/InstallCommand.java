package dev.cordon.cli.internal;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.installer.InstallOutcome;
import dev.cordon.installer.InstallRequest;
import dev.cordon.installer.PackageSource;
import dev.cordon.installer.PluginInstaller;
import dev.cordon.installer.PluginsYaml;
import dev.cordon.manifest.archive.PluginArchives;
import dev.cordon.protocol.json.PlainJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cordon install}: plugins of a plugins.yaml, or one package, into their environments. */
@Command(
        name = "install",
        mixinStandardHelpOptions = true,
        description = {
            "Installs plugins into data/envs/NAME and writes data/manifests/NAME.json, where the runtime finds them.",
            "Installing what is installed already changes nothing; --force rebuilds."
        })
final class InstallCommand implements Callable<Integer> {

    @ParentCommand
    CordonCommand root;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Entries of the plugins file to install.")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Install every entry of the plugins file.")
    boolean all;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            defaultValue = "plugins.yaml",
            description = "The plugins file (default: ${DEFAULT-VALUE} in the current folder).")
    Path file;

    @Option(names = "--force", description = "Rebuild even when the same request is installed.")
    boolean force;

    @Option(
            names = "--package",
            paramLabel = "SRC",
            description = "Install one package instead: a Python package folder, wheel or sdist, a requirement,"
                    + " Maven coordinates group:artifact:version, or a jar.")
    String packageSpec;

    @Option(names = "--archive", paramLabel = "ZIP", description = "Install one plugin archive (a .zip).")
    Path archive;

    @Option(names = "--name", paramLabel = "NAME", description = "The plugin's name (default: from the package).")
    String name;

    @Option(
            names = "--runtime",
            paramLabel = "KIND",
            description = "python or java (default: an archive's own, java for jars and coordinates, else python).")
    String runtime;

    @Option(names = "--python", paramLabel = "PATH", description = "The interpreter of the virtual environment.")
    String python;

    @Option(names = "--java", paramLabel = "PATH", description = "The java executable of the plugin's workers.")
    String java;

    @Option(names = "--entry-point", paramLabel = "MODULE:CLASS", description = "The Python plugin class.")
    String entryPoint;

    @Option(names = "--system-site-packages", description = "Let the virtual environment see the interpreter's.")
    boolean systemSitePackages;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "A variable of the workers' environment.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "A JVM option of the plugin's workers.")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--interface-lib", paramLabel = "SPEC", description = "A Python requirement installed first.")
    List<String> interfaceLibs = new ArrayList<>();

    @Option(names = "--json", description = "Print the outcome as JSON.")
    boolean json;

    @Override
    public Integer call() {
        CliContext context = root.context;
        List<InstallRequest> requests = requests();
        PluginInstaller installer = context.installer();
        ConsoleProgress progress = new ConsoleProgress(context.err(), context.terminal());
        List<Map<String, Object>> results = new ArrayList<>();
        int status = ExitCodes.OK;
        for (int i = 0; i < requests.size(); i++) {
            InstallRequest request = requests.get(i);
            progress.plugin(i, requests.size());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", request.name());
            try {
                InstallOutcome outcome = installer.install(request, force, progress);
                progress.finish();
                result.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
                result.put("installer", outcome.installer());
                result.put("manifest", outcome.environment().manifestFile().toString());
                result.put("env_dir", outcome.environment().envDir().toString());
                result.put("config_schema_hash", outcome.manifest().configSchemaHash());
                if (!json) {
                    context.out()
                            .println(outcome.status().name().toLowerCase(Locale.ROOT) + " "
                                    + request.name() + " (" + outcome.installer() + ", "
                                    + outcome.manifest().code().version() + ") -> "
                                    + outcome.environment().manifestFile());
                }
            } catch (RuntimeException e) {
                progress.finish();
                result.put("status", "failed");
                result.put("error", CordonCommand.message(e));
                context.err().println("cordon install: " + request.name() + " failed: " + CordonCommand.message(e));
                if (status == ExitCodes.OK) {
                    status = CordonCommand.exitCode(e);
                }
            }
            results.add(result);
        }
        if (json) {
            context.out().println(PlainJson.pretty(results));
        }
        return status;
    }

    private List<InstallRequest> requests() {
        if (packageSpec != null || archive != null) {
            if (all || !names.isEmpty() || (packageSpec != null && archive != null)) {
                throw new UsageException("--package and --archive install one plugin: give no NAME, no --all, and"
                        + " only one of them");
            }
            return List.of(directRequest());
        }
        if (!all && names.isEmpty()) {
            throw new UsageException(
                    "name the plugins of " + file + " to install, or give --all, --package SRC" + " or --archive ZIP");
        }
        PluginsYaml yaml = PluginsYaml.read(file);
        List<InstallRequest> all = yaml.requests();
        if (this.all) {
            return all;
        }
        List<InstallRequest> chosen = new ArrayList<>();
        for (String n : names) {
            chosen.add(all.stream()
                    .filter(r -> r.name().equals(n))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "'" + n + "' is not an entry of " + yaml.file() + "; its entries: "
                                    + all.stream().map(InstallRequest::name).toList())));
        }
        return chosen;
    }

    private InstallRequest directRequest() {
        Path cwd = Path.of("").toAbsolutePath();
        String spec = archive != null ? archive.toString() : packageSpec;
        RuntimeKind kind = runtime != null ? RuntimeKind.fromWire(runtime) : guessRuntime(spec, cwd);
        PackageSource source = PackageSource.parse(spec, kind, cwd);
        String plugin = name != null ? name : PackageNames.pluginName(source);
        return new InstallRequest(
                plugin,
                kind,
                source,
                kind == RuntimeKind.JAVA ? java : python,
                jvmArgs,
                env,
                interfaceLibs,
                systemSitePackages,
                entryPoint);
    }

    private static RuntimeKind guessRuntime(String spec, Path cwd) {
        PackageSource asJava = PackageSource.parse(spec, RuntimeKind.JAVA, cwd);
        if (asJava instanceof PackageSource.Coordinates) {
            return RuntimeKind.JAVA;
        }
        if (asJava instanceof PackageSource.LocalPath local && local.kind() == PackageSource.LocalKind.ARCHIVE) {
            return archiveRuntime(local.path());
        }
        if (asJava instanceof PackageSource.LocalPath local && local.kind() == PackageSource.LocalKind.JAR) {
            return RuntimeKind.JAVA;
        }
        return RuntimeKind.PYTHON;
    }

    /** The runtime an archive's manifest declares; java for an archive that is not valid (the install says why). */
    private static RuntimeKind archiveRuntime(Path archive) {
        try {
            RuntimeKind declared =
                    PluginArchives.verify(archive).manifest().install().runtime();
            return declared == null ? RuntimeKind.JAVA : declared;
        } catch (RuntimeException e) {
            return RuntimeKind.JAVA;
        }
    }
}
