package dev.cordon.installer;

import dev.cordon.api.model.RuntimeKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One plugin to install.
 *
 * @param name the plugin's name: its environment folder and manifest file name
 * @param runtime the runtime of its workers
 * @param source where its package comes from
 * @param interpreter the Python interpreter of the virtual environment, or the {@code java} executable of its
 *     workers; {@code null} for the default ({@code python3} on the PATH, the host's own Java)
 * @param jvmArgs JVM options of a Java plugin's workers
 * @param envVars variables set in its workers' environment
 * @param interfaceLibs Python requirements installed before the package
 * @param systemSitePackages whether a Python virtual environment sees the interpreter's site packages
 * @param entryPoint {@code module:Class} of a Python plugin, or {@code null} to take the package's one
 *     {@code cordon.plugins} entry point
 */
public record InstallRequest(
        String name,
        RuntimeKind runtime,
        PackageSource source,
        String interpreter,
        List<String> jvmArgs,
        Map<String, String> envVars,
        List<String> interfaceLibs,
        boolean systemSitePackages,
        String entryPoint) {

    /** Requires name, runtime and source; copies the collections, {@code null} reading as empty. */
    public InstallRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(source, "source");
        jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
        envVars = envVars == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(envVars));
        interfaceLibs = interfaceLibs == null ? List.of() : List.copyOf(interfaceLibs);
    }

    /** A request with only a name, a runtime and a source. */
    public static InstallRequest of(String name, RuntimeKind runtime, PackageSource source) {
        return new InstallRequest(name, runtime, source, null, List.of(), Map.of(), List.of(), false, null);
    }
}
