package dev.cordon.installer.python;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.installer.InstallContext;
import dev.cordon.installer.InstallFailedException;
import dev.cordon.installer.InstallRequest;
import dev.cordon.installer.PackageSource;
import dev.cordon.installer.PackageSource.LocalKind;
import dev.cordon.installer.PluginEnvironment;
import dev.cordon.installer.PluginPackageInstaller;
import dev.cordon.installer.internal.Folders;
import dev.cordon.installer.internal.ManifestAssembly;
import dev.cordon.installer.internal.StepRunner;
import dev.cordon.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installs {@code runtime: python} plugins into virtual environments.
 *
 * <p>Steps: {@code <interpreter> -m venv data/envs/<name>}; the interface libraries, then the package, with the
 * interpreter's pip
 * ({@code --no-index} for local folders, wheels and sdists; a folder or sdist is first built into a wheel with the
 * interpreter's own setuptools, from a copy, so the source is never written to); introspection with the
 * environment's interpreter. The manifest's {@code install.python_path} is the environment's interpreter.
 */
public final class PythonPackageInstaller implements PluginPackageInstaller {

    private static final Set<LocalKind> LOCAL = Set.of(LocalKind.FOLDER, LocalKind.WHEEL, LocalKind.SDIST);
    private static final Pattern LEADING_NAME = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final Pattern PIP_STEP =
            Pattern.compile("^(Collecting|Downloading|Processing|Building|Installing|" + "Successfully)\\b.*");

    @Override
    public String kind() {
        return "python";
    }

    @Override
    public boolean handles(InstallRequest request) {
        if (request.runtime() != RuntimeKind.PYTHON) {
            return false;
        }
        return request.source() instanceof PackageSource.Requirement
                || request.source() instanceof PackageSource.LocalPath local && LOCAL.contains(local.kind());
    }

    @Override
    public Manifest install(InstallRequest request, PluginEnvironment env, InstallContext context) {
        String name = request.name();
        StepRunner runner = new StepRunner(name, context.settings().stepTimeout());
        Consumer<String> output = pipLines(name, context);
        String interpreter = request.interpreter() != null
                ? request.interpreter()
                : context.settings().property("cordon.install.python", defaultInterpreter());
        VirtualEnvironment venv = new VirtualEnvironment(env.envDir(), interpreter, runner, output);
        context.progress().step(name, "creating a virtual environment with " + interpreter);
        venv.create(request.systemSitePackages());
        if (!request.interfaceLibs().isEmpty()) {
            context.progress().step(name, "installing interface libraries " + request.interfaceLibs());
            venv.pipInstall("installing the interface libraries", pipArgs(request.interfaceLibs(), context));
        }
        String distribution = installPackage(request, env, venv, context);
        context.progress().step(name, "introspecting the plugin");
        Map<String, Object> code = Introspection.run(
                runner,
                context.settings().pythonWorker(),
                venv.python(),
                name,
                request.entryPoint(),
                request.entryPoint() == null ? distribution : null,
                env.envDir(),
                output);
        Map<String, Object> install = new LinkedHashMap<>();
        install.put("python_path", venv.python().toString());
        install.put("env_vars", request.envVars());
        install.put("package_source", request.source().text());
        install.put("runtime", RuntimeKind.PYTHON.wire());
        return ManifestAssembly.assemble(name, install, code);
    }

    @Override
    public Manifest regenerate(Manifest current, PluginEnvironment env, InstallContext context) {
        String name = env.name();
        StepRunner runner = new StepRunner(name, context.settings().stepTimeout());
        context.progress().step(name, "introspecting the plugin");
        Map<String, Object> code = Introspection.run(
                runner,
                context.settings().pythonWorker(),
                Path.of(current.install().pythonPath()),
                name,
                current.code().module() + ":" + current.code().className(),
                null,
                env.envDir(),
                pipLines(name, context));
        return ManifestAssembly.withCode(name, current, code);
    }

    /**
     * The system interpreter {@code /usr/bin/python3} where there is one (its setuptools and wheel build local
     * packages offline), else {@code python3} on the PATH.
     */
    static String defaultInterpreter() {
        Path system = Path.of("/usr/bin/python3");
        return Files.isExecutable(system) ? system.toString() : "python3";
    }

    /** Installs the package; returns the distribution's name, for finding its entry point. */
    private static String installPackage(
            InstallRequest request, PluginEnvironment env, VirtualEnvironment venv, InstallContext context) {
        String name = request.name();
        if (request.source() instanceof PackageSource.Requirement requirement) {
            context.progress().step(name, "installing " + requirement.text());
            venv.pipInstall("installing " + requirement.text(), pipArgs(List.of(requirement.text()), context));
            Matcher m = LEADING_NAME.matcher(requirement.text());
            return m.find() ? m.group(1) : null;
        }
        PackageSource.LocalPath local = (PackageSource.LocalPath) request.source();
        if (!Files.exists(local.path())) {
            throw new PluginInputError(
                    "The package of '" + name + "', " + local.path() + ", does not exist; check the path",
                    List.of("package"),
                    null);
        }
        Path work = env.envDir().resolve(".build");
        try {
            Path wheel = local.path();
            if (local.kind() != LocalKind.WHEEL) {
                context.progress().step(name, "building a wheel of " + local.path());
                wheel = venv.buildWheel(local.path(), work);
            }
            context.progress().step(name, "installing " + wheel.getFileName());
            venv.pipInstall(
                    "installing " + wheel.getFileName(),
                    List.of(
                            "--no-index",
                            "--find-links",
                            local.path().getParent().toString(),
                            wheel.toString()));
            return wheel.getFileName().toString().split("-", 2)[0];
        } catch (IOException e) {
            throw new InstallFailedException(
                    name, "Cannot prepare the build of " + local.path() + ": " + e.getMessage(), e);
        } finally {
            try {
                Folders.deleteTree(work);
            } catch (IOException e) {
                context.progress().step(name, "could not remove the build folder " + work + ": " + e.getMessage());
            }
        }
    }

    /** pip options for specs: offline when every spec is a local path, else the configured index. */
    private static List<String> pipArgs(List<String> specs, InstallContext context) {
        List<String> args = new ArrayList<>();
        boolean allLocal = specs.stream().allMatch(s -> s.startsWith("/") || s.startsWith("."));
        if (allLocal) {
            args.add("--no-index");
        } else {
            String index = context.settings().property("cordon.install.pip.index", null);
            if (index != null) {
                args.addAll(List.of("--index-url", index));
            }
        }
        args.addAll(specs);
        return args;
    }

    private static Consumer<String> pipLines(String name, InstallContext context) {
        return line -> {
            String t = line.strip();
            if (PIP_STEP.matcher(t).matches()) {
                context.progress().step(name, t);
            }
        };
    }
}
