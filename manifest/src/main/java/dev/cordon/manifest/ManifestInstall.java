package dev.cordon.manifest;

import dev.cordon.api.model.RuntimeKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The manifest's {@code install} section: the original's keys, then Cordon's additions. Strings the original
 * defines are never {@code null} (missing reads as {@code ""}); Cordon's additions are {@code null} when absent and
 * are written only when present, so a manifest of the original round-trips unchanged.
 *
 * <p>Cordon's additions, in the order they are written:
 * <ul>
 *   <li>{@code runtime}: {@code java}, {@code python} or {@code cjm}; absent means {@code cjm}, the original's own
 *       worker ({@code python -m cjm_plugin_system.core.worker}).</li>
 *   <li>{@code java_path}: the {@code java} executable for a java worker; absent means the host's own.</li>
 *   <li>{@code env_dir}: the plugin's environment folder (its jars for java, a virtual environment for python).</li>
 *   <li>{@code jvm_args}: extra JVM options for a java worker, for example {@code ["-Xmx512m"]}.</li>
 *   <li>{@code classpath}: jars loaded into the plugin's isolated class loader (java).</li>
 *   <li>{@code module_path}: jars loaded as the plugin's child module layer (java).</li>
 *   <li>{@code inherit_env}: whether the worker inherits the host's environment variables (default
 *       {@code false}: only a minimal set plus {@code env_vars} and the declared worker variables).</li>
 * </ul>
 * The java-only keys ({@code java_path}, {@code jvm_args}, {@code classpath}, {@code module_path}) are errors for
 * other runtimes. For {@code python} and {@code cjm}, {@code python_path} is required; for {@code java}, at least
 * one of {@code classpath}, {@code module_path} or {@code env_dir}.
 *
 * @param pythonPath the interpreter of a python or cjm worker
 * @param condaEnv the conda environment name, may be empty
 * @param dbPath the plugin's database path, may be empty
 * @param envVars variables set in the worker's environment
 * @param installedAt when it was installed (ISO-8601 text), may be empty
 * @param installerVersion what installed it, may be empty
 * @param packageSource where it was installed from, may be empty
 * @param runtime the declared runtime kind, or {@code null} (meaning {@code cjm})
 * @param javaPath the java executable, or {@code null}
 * @param envDir the environment folder, or {@code null}
 * @param jvmArgs extra JVM options, or {@code null}
 * @param classpath class-path jars, or {@code null}
 * @param modulePath module-path jars, or {@code null}
 * @param inheritEnv whether the host's environment is inherited, or {@code null} (meaning {@code false})
 */
public record ManifestInstall(
        String pythonPath,
        String condaEnv,
        String dbPath,
        Map<String, String> envVars,
        String installedAt,
        String installerVersion,
        String packageSource,
        RuntimeKind runtime,
        String javaPath,
        String envDir,
        List<String> jvmArgs,
        List<String> classpath,
        List<String> modulePath,
        Boolean inheritEnv) {

    /** {@code null} original strings read as {@code ""}, a {@code null} map as empty; lists are copied. */
    public ManifestInstall {
        pythonPath = Objects.requireNonNullElse(pythonPath, "");
        condaEnv = Objects.requireNonNullElse(condaEnv, "");
        dbPath = Objects.requireNonNullElse(dbPath, "");
        envVars = envVars == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(envVars));
        installedAt = Objects.requireNonNullElse(installedAt, "");
        installerVersion = Objects.requireNonNullElse(installerVersion, "");
        packageSource = Objects.requireNonNullElse(packageSource, "");
        jvmArgs = jvmArgs == null ? null : List.copyOf(jvmArgs);
        classpath = classpath == null ? null : List.copyOf(classpath);
        modulePath = modulePath == null ? null : List.copyOf(modulePath);
    }

    /** The runtime kind in effect: the declared one, else {@code cjm}. */
    public RuntimeKind effectiveRuntime() {
        return runtime != null ? runtime : RuntimeKind.CJM;
    }

    /** An install section of the original's kind, with only an interpreter. */
    public static ManifestInstall ofPython(String pythonPath) {
        return new ManifestInstall(pythonPath, "", "", Map.of(), "", "", "", null, null, null, null, null, null, null);
    }
}
