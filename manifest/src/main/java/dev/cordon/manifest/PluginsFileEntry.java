package dev.cordon.manifest;

import dev.cordon.api.model.RuntimeKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a {@code plugins.yaml} file: a plugin to install.
 *
 * <p>For {@code cjm} plugins (the original's keys): {@code env_name} and {@code package} are required, and one of
 * {@code env_file} (a path or http(s) URL) or {@code python_version}; {@code interface_libs} lists extra pip specs.
 * For {@code python} plugins: {@code package} (a local package folder, wheel or sdist, or a requirement for the
 * package index) is required; {@code python} names the interpreter of the virtual environment (else
 * {@code python<python_version>}, else the configured default), {@code entry_point} the plugin class
 * ({@code module:Class}) when the package declares none or several, {@code system_site_packages} lets the
 * environment see the interpreter's packages. For {@code java} plugins: {@code package} (Maven coordinates, a jar
 * or a plugin archive) or {@code artifacts} (Maven coordinates {@code group:artifact[:classifier]:version}) resolved
 * into the plugin's environment folder, {@code java} the Java executable, and {@code jvm_args} JVM options. Every
 * runtime takes {@code env_vars}, variables set in the worker's environment.
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
 * @param interpreter {@code python} or {@code java}: the interpreter of the plugin's workers, or {@code null}
 * @param envVars {@code env_vars}: variables set in the worker's environment
 * @param entryPoint {@code entry_point}: {@code module:Class} of a python plugin, or {@code null}
 * @param systemSitePackages {@code system_site_packages} of a python plugin's environment
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
        List<String> jvmArgs,
        String interpreter,
        Map<String, String> envVars,
        String entryPoint,
        boolean systemSitePackages) {

    /** Requires name and runtime; copies the collections, {@code null} reading as empty. */
    public PluginsFileEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runtime, "runtime");
        interfaceLibs = interfaceLibs == null ? List.of() : List.copyOf(interfaceLibs);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
        envVars = envVars == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(envVars));
    }

    /** An entry with only the original's keys and {@code artifacts}/{@code jvm_args}. */
    public PluginsFileEntry(
            String name,
            RuntimeKind runtime,
            String envName,
            String packageSpec,
            String envFile,
            String pythonVersion,
            List<String> interfaceLibs,
            List<String> artifacts,
            List<String> jvmArgs) {
        this(
                name,
                runtime,
                envName,
                packageSpec,
                envFile,
                pythonVersion,
                interfaceLibs,
                artifacts,
                jvmArgs,
                null,
                null,
                null,
                false);
    }
}
