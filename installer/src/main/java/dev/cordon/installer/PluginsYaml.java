package dev.cordon.installer;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.installer.internal.OriginalEntries;
import dev.cordon.manifest.ManifestException;
import dev.cordon.manifest.ManifestProblem;
import dev.cordon.manifest.PluginsFile;
import dev.cordon.manifest.PluginsFileEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code plugins.yaml} as install requests: the entries {@link PluginsFile} reads, with their packages resolved
 * against the file's folder, and the problems only an installer sees (a local package that does not exist, a name
 * that cannot be a folder).
 *
 * @param file the file
 * @param entries its entries, in file order
 */
public record PluginsYaml(Path file, List<PluginsFileEntry> entries) {

    /** Copies the entries. */
    public PluginsYaml {
        file = file.toAbsolutePath().normalize();
        entries = List.copyOf(entries);
    }

    /**
     * Reads and checks a plugins file.
     *
     * @throws ManifestException listing every problem with its path
     * @throws UncheckedIOException when it cannot be read
     */
    public static PluginsYaml read(Path file) {
        String text = readText(file);
        PluginsYaml yaml = new PluginsYaml(file, PluginsFile.read(text, file.toString()));
        List<ManifestProblem> more = yaml.installProblems();
        if (!more.isEmpty()) {
            throw new ManifestException(file.toString(), more);
        }
        return yaml;
    }

    /**
     * Every problem of a plugins file, the format's and the installer's, including entries in the original's format
     * (which {@link #read} leaves to the install of that entry, so the file's other entries still install); empty
     * when every entry can be installed.
     */
    public static List<ManifestProblem> check(Path file) {
        String text = readText(file);
        List<ManifestProblem> problems = new ArrayList<>(PluginsFile.check(text));
        if (problems.isEmpty()) {
            PluginsYaml yaml = new PluginsYaml(file, PluginsFile.read(text, file.toString()));
            problems.addAll(yaml.installProblems());
            for (int i = 0; i < yaml.entries.size(); i++) {
                PluginsFileEntry e = yaml.entries.get(i);
                if (e.runtime() == RuntimeKind.CJM) {
                    problems.add(new ManifestProblem(
                            "$.plugins[" + i + "].runtime",
                            OriginalEntries.refusal(
                                    e.name(), e.packageSpec(), e.pythonVersion(), e.interfaceLibs(), e.envFile())));
                }
            }
        }
        return problems;
    }

    /** The install request of each entry, in file order. */
    public List<InstallRequest> requests() {
        return entries.stream().map(this::request).toList();
    }

    /** The install request of one entry. */
    public InstallRequest request(PluginsFileEntry e) {
        Path base = file.getParent();
        String spec = e.packageSpec() != null
                ? e.packageSpec()
                : e.artifacts().isEmpty() ? "" : e.artifacts().get(0);
        String interpreter = e.interpreter();
        if (interpreter == null && e.runtime() != RuntimeKind.JAVA && e.pythonVersion() != null) {
            interpreter = "python" + e.pythonVersion();
        }
        List<String> libs = e.interfaceLibs().stream()
                .map(lib -> lib.startsWith(".") ? base.resolve(lib).normalize().toString() : lib)
                .toList();
        return new InstallRequest(
                e.name(),
                e.runtime(),
                PackageSource.parse(spec, e.runtime(), base),
                interpreter,
                e.jvmArgs(),
                e.envVars(),
                libs,
                e.systemSitePackages(),
                e.entryPoint());
    }

    private List<ManifestProblem> installProblems() {
        List<ManifestProblem> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PluginsFileEntry e = entries.get(i);
            String path = "$.plugins[" + i + "]";
            try {
                InstallLayout.requireValidName(e.name());
            } catch (RuntimeException bad) {
                problems.add(new ManifestProblem(path + ".name", bad.getMessage()));
            }
            if (e.packageSpec() != null
                    && request(e).source() instanceof PackageSource.LocalPath local
                    && !Files.exists(local.path())) {
                problems.add(new ManifestProblem(
                        path + ".package",
                        "'" + e.packageSpec() + "' is a local path, but " + local.path()
                                + " does not exist (relative paths start at the folder of this file)"));
            }
            if (e.artifacts().size() > 1) {
                problems.add(new ManifestProblem(
                        path + ".artifacts",
                        "lists " + e.artifacts().size() + " coordinates; cordon install takes the plugin's one"
                                + " artifact (its dependencies come with it): list one, or use package"));
            }
        }
        return problems;
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
