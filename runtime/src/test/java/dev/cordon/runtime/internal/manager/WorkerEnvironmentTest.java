package dev.cordon.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.model.WorkerEnvStatus;
import dev.cordon.api.model.WorkerEnvStatus.Source;
import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.Manifests;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WorkerEnvironmentTest {

    /** A secret store over a map: the SPI's behaviour, nothing more. */
    private static final class MapSecrets implements SecretStore {
        final Map<String, SecretValue> values = new TreeMap<>();

        @Override
        public void set(String plugin, String key, SecretValue value) {
            values.put(plugin + "/" + key, value);
        }

        @Override
        public Optional<SecretValue> get(String plugin, String key) {
            return Optional.ofNullable(values.get(plugin + "/" + key));
        }

        @Override
        public boolean delete(String plugin, String key) {
            return values.remove(plugin + "/" + key) != null;
        }

        @Override
        public List<String> names(String plugin) {
            return values.keySet().stream()
                    .filter(k -> k.startsWith(plugin + "/"))
                    .map(k -> k.substring(plugin.length() + 1))
                    .toList();
        }
    }

    private static final Manifest MANIFEST = Manifests.read("""
            {"format_version": "2.0",
             "install": {"python_path": "/p", "runtime": "python", "env_vars": {"FROM_MANIFEST": "m"}},
             "code": {"name": "p", "version": "1", "description": "", "module": "m", "class": "C", "interface": "a.I",
                      "worker_env": [
                        {"name": "TOKEN", "secret": true, "required": true},
                        {"name": "OPTIONAL_KEY", "secret": true, "required": false},
                        {"name": "OVERRIDDEN", "secret": false, "required": false, "default": "d"},
                        {"name": "FROM_MANIFEST", "secret": false, "required": false},
                        {"name": "DEFAULTED", "secret": false, "required": false, "default": "fast"},
                        {"name": "NOTHING", "secret": false, "required": false}]},
             "drift_tracking": {"config_schema_hash": null},
             "overrides": {"worker_env": {"OVERRIDDEN": "o"}}}
            """, "test");

    @Test
    void eachVariableComesFromItsSourceAndAnUnsetSecretIsOmitted() {
        MapSecrets secrets = new MapSecrets();
        secrets.set("p", "TOKEN", SecretValue.of("t0k3n"));

        assertThat(WorkerEnvironment.resolve(MANIFEST, secrets))
                .isEqualTo(Map.of("TOKEN", "t0k3n", "OVERRIDDEN", "o", "FROM_MANIFEST", "m", "DEFAULTED", "fast"));
        assertThat(WorkerEnvironment.status(MANIFEST, secrets))
                .extracting(WorkerEnvStatus::source)
                .containsExactly(
                        Source.SECRET_STORE,
                        Source.UNSET,
                        Source.OVERRIDE,
                        Source.MANIFEST,
                        Source.DEFAULT,
                        Source.UNSET);
    }

    @Test
    void theStatusNeverCarriesAValue() {
        MapSecrets secrets = new MapSecrets();
        secrets.set("p", "TOKEN", SecretValue.of("t0k3n"));

        assertThat(WorkerEnvironment.status(MANIFEST, secrets).toString()).doesNotContain("t0k3n");
        assertThat(WorkerEnvironment.status(MANIFEST, null).get(0).satisfied()).isFalse();
    }
}
