package dev.cordon.installer.internal;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What Cordon says about a {@code plugins.yaml} entry in the original's format ({@code runtime: cjm}, the default):
 * those entries name a conda environment that {@code cjm-ctl} creates, and Cordon makes no conda environments. The
 * refusal spells out the {@code runtime: python} entry that installs the same package into a virtual environment,
 * which Cordon's Python worker hosts (it runs classes written against the original's plugin interface).
 */
public final class OriginalEntries {

    private OriginalEntries() {}

    /**
     * The refusal of one entry, with the entry to write instead.
     *
     * @param packageSpec the entry's {@code package}
     * @param pythonVersion its {@code python_version}, or {@code null}
     * @param interfaceLibs its {@code interface_libs}
     * @param envFile its {@code env_file}, or {@code null}
     */
    public static String refusal(
            String name, String packageSpec, String pythonVersion, List<String> interfaceLibs, String envFile) {
        StringBuilder entry = new StringBuilder("{name: ")
                .append(name)
                .append(", runtime: python, package: ")
                .append(packageSpec == null || packageSpec.isEmpty() ? "<package>" : packageSpec);
        if (pythonVersion != null) {
            entry.append(", python_version: \"").append(pythonVersion).append('"');
        }
        if (!interfaceLibs.isEmpty()) {
            entry.append(", interface_libs: [")
                    .append(interfaceLibs.stream().collect(Collectors.joining(", ")))
                    .append(']');
        }
        entry.append(", entry_point: <module>:<PluginClass>}");
        return "plugin '" + name + "' is in the original's format (runtime cjm: a conda environment made by cjm-ctl),"
                + " and Cordon makes no conda environments. Install it into a virtual environment instead by writing"
                + " the entry as: " + entry
                + " (entry_point names the plugin class when the package declares no cordon.plugins entry point"
                + (envFile == null
                        ? ""
                        : "; the pip dependencies of env_file " + envFile + " go into interface_libs, and a conda-only"
                                + " dependency must come with the interpreter named by python:")
                + ")";
    }
}
