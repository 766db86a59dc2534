package dev.cordon.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginDefaultsTest {

    public record Config(
            @Schema.ReloadTrigger("model") String model,
            @Schema.ReloadTrigger("model") String device,
            @Schema.ReloadTrigger("cache") int cacheSize,
            double temperature) {}

    static final class Recording implements Plugin<Config> {
        final List<String> calls = new ArrayList<>();
        Config config;

        @Override
        public String name() {
            return "rec";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public Class<Config> configType() {
            return Config.class;
        }

        @Override
        public void initialize(Config config) {
            calls.add("initialize");
            this.config = config;
        }

        @Override
        public Config currentConfig() {
            return config;
        }

        @Override
        public Object execute(Invocation invocation) {
            return invocation.kwargs().get("x");
        }

        @Override
        public Map<String, Runnable> releaseHooks() {
            return Map.of("model", () -> calls.add("release model"), "cache", () -> calls.add("release cache"));
        }
    }

    /** The smallest context: enough to build an invocation, not a cancellation implementation. */
    static final PluginContext CONTEXT = new PluginContext() {
        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void checkCancelled() {}

        @Override
        public Registration onCancel(Runnable callback) {
            return () -> {};
        }

        @Override
        public void reportProgress(double progress, String message) {}

        @Override
        public void reportUsage(Map<String, Double> usage) {}
    };

    @Test
    void reconfigureRunsEachChangedTriggersHookOnceThenInitializes() throws Exception {
        Recording plugin = new Recording();
        Config old = new Config("base", "cpu", 10, 0.0);
        plugin.initialize(old);
        plugin.calls.clear();
        plugin.reconfigure(old, new Config("tiny", "cuda", 10, 0.5));
        assertThat(plugin.calls).containsExactly("release model", "initialize");
        plugin.calls.clear();
        plugin.reconfigure(plugin.currentConfig(), new Config("tiny", "cuda", 20, 0.5));
        assertThat(plugin.calls).containsExactly("release cache", "initialize");
    }

    @Test
    void defaultStreamEmitsTheSingleResult() throws Exception {
        List<Object> chunks = new ArrayList<>();
        new Recording().executeStream(new Invocation(List.of(), Map.of("x", 7L), CONTEXT), chunks::add);
        assertThat(chunks).containsExactly(7L);
    }

    @Test
    void kwargOfTheWrongTypeIsAnInputErrorNamingTheArgument() {
        Invocation call = new Invocation(null, Map.of("n", "three"), CONTEXT);
        assertThat(call.args()).isEmpty();
        assertThat(call.kwarg("missing", Long.class, 5L)).isEqualTo(5L);
        assertThatThrownBy(() -> call.kwarg("n", Long.class, 0L))
                .isInstanceOfSatisfying(
                        PluginInputError.class,
                        e -> assertThat(e.fieldsInvalid()).containsExactly("n"))
                .hasMessage("Argument 'n' must be a Long, got String");
    }

    @Test
    void secretsCannotCarryDefaults() {
        assertThatThrownBy(() -> new EnvVarSpec("TOKEN", true, true, "", "", "baked", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOKEN");
        assertThat(EnvVarSpec.secret("TOKEN", true, "Token").defaultValue()).isNull();
    }
}
