package dev.cordon.runtime.internal.manager;

import dev.cordon.api.model.WorkerEnvStatus;
import dev.cordon.api.model.WorkerEnvStatus.Source;
import dev.cordon.api.plugin.EnvVarSpec;
import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import dev.cordon.manifest.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a manifest's declared worker variables ({@code code.worker_env}) at spawn. A secret comes from the
 * {@link SecretStore} under the plugin's name and is omitted when unset; a visible variable comes from the operator's
 * override ({@code overrides.worker_env.<NAME>} in the manifest), else {@code install.env_vars}, else its default.
 * Values are only ever handed to the launcher; the status view never carries one.
 */
final class WorkerEnvironment {

    private WorkerEnvironment() {}

    /** The variables to add to the worker's environment. */
    static Map<String, String> resolve(Manifest manifest, SecretStore secrets) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVarSpec spec : specs(manifest)) {
            if (spec.secret()) {
                secret(manifest, spec, secrets).ifPresent(v -> env.put(spec.name(), v.reveal()));
            } else {
                visible(manifest, spec).ifPresent(v -> env.put(spec.name(), v));
            }
        }
        return env;
    }

    /** Where each declared variable's value will come from. */
    static List<WorkerEnvStatus> status(Manifest manifest, SecretStore secrets) {
        List<WorkerEnvStatus> out = new ArrayList<>();
        for (EnvVarSpec spec : specs(manifest)) {
            Source source;
            if (spec.secret()) {
                source =
                        secrets != null && secrets.names(manifest.code().name()).contains(spec.name())
                                ? Source.SECRET_STORE
                                : Source.UNSET;
            } else if (overrides(manifest).containsKey(spec.name())) {
                source = Source.OVERRIDE;
            } else if (manifest.install().envVars().containsKey(spec.name())) {
                source = Source.MANIFEST;
            } else if (spec.defaultValue() != null) {
                source = Source.DEFAULT;
            } else {
                source = Source.UNSET;
            }
            out.add(new WorkerEnvStatus(spec.name(), spec.secret(), spec.required(), source));
        }
        return out;
    }

    private static List<EnvVarSpec> specs(Manifest manifest) {
        return manifest.code().workerEnv() == null ? List.of() : manifest.code().workerEnv();
    }

    private static Optional<SecretValue> secret(Manifest manifest, EnvVarSpec spec, SecretStore secrets) {
        return secrets == null ? Optional.empty() : secrets.get(manifest.code().name(), spec.name());
    }

    private static Optional<String> visible(Manifest manifest, EnvVarSpec spec) {
        Object override = overrides(manifest).get(spec.name());
        if (override != null) {
            return Optional.of(String.valueOf(override));
        }
        String fromManifest = manifest.install().envVars().get(spec.name());
        return Optional.ofNullable(fromManifest != null ? fromManifest : spec.defaultValue());
    }

    private static Map<?, ?> overrides(Manifest manifest) {
        return manifest.overrides().get("worker_env") instanceof Map<?, ?> m ? m : Map.of();
    }
}
