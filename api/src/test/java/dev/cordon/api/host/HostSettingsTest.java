package dev.cordon.api.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HostSettingsTest {

    private static final Map<String, String> FRAMEWORK = Map.of("cordon.data", "/framework/data", "cordon.home", "/h");

    @Test
    void theConfigurationWinsOverTheFallback() {
        Function<String, String> settings =
                HostSettings.layered(Map.of("cordon.data", "/configured", "cordon.worker.spares", 2), FRAMEWORK::get);

        assertThat(settings.apply("cordon.data")).isEqualTo("/configured");
        assertThat(settings.apply("cordon.worker.spares")).isEqualTo("2");
        assertThat(settings.apply("cordon.home")).isEqualTo("/h");
        assertThat(settings.apply("cordon.unknown")).isNull();
    }

    @Test
    void aBlankConfiguredValueFallsBack() {
        assertThat(HostSettings.layered(Map.of("cordon.data", "  "), FRAMEWORK::get)
                        .apply("cordon.data"))
                .isEqualTo("/framework/data");
    }

    @Test
    void aLaterChangeOfTheConfigurationMapIsNotSeen() {
        Map<String, Object> configuration = new HashMap<>(Map.of("cordon.data", "/before"));
        Function<String, String> settings = HostSettings.layered(configuration, FRAMEWORK::get);
        configuration.put("cordon.data", "/after");

        assertThat(settings.apply("cordon.data")).isEqualTo("/before");
    }
}
