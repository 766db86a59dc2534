package dev.cordon.manifest;

import dev.cordon.api.model.RuntimeKind;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a {@code plugins.yaml} file: a plugin to install.
 *
 * <p>For {@code cjm} and {@code python} plugins (the original's keys): {@code env_name} and {@code package} are
 * required, and one of {@code env_file} (a path or http(s) URL) or {@code python_version}; {@code interface_libs}
 * lists extra pip specs. For {@code java} plugins: {@code artifacts} lists Maven coordinates
 * ({@code group:artifact[:classifier]:version}) resolved into the plugin's environment folder, and
 * {@code jvm_args} adds JVM options.
 *
 * @param name the plugin's unique name
 * @param runtime {@code runtime}, {@code cjm} when absent
 * @param envName the conda environment to create, or {@code null}
 * @param packageSpec {@code package}: the pip spec or git URL to install, or {@code null}
 * @param envFile a conda environment file, or {@code null}
 * @param pythonVersion the Python version of a fresh environment, or {@code null}
 * @param interfaceLibs pip specs installed first
 * @param artifacts Maven coordinates of a java plugin's jars
 * @param jvmArgs JVM options of a java plugin's worker
 */
public record PluginsFileEntry(
        String name,
        RuntimeKind runtime,
        String envName,
        String packageSpec,
        String envFile,
        String pythonVersion,
        List<String> interfaceLibs,
        List<String> artifacts,
        List<String> jvmArgs) {

    /** Requires name and runtime; copies the lists, {@code null} reading as empty. */
    public PluginsFileEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runtime, "runtime");
        interfaceLibs = interfaceLibs == null ? List.of() : List.copyOf(interfaceLibs);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
    }
}
