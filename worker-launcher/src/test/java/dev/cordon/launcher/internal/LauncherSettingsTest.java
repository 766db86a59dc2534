package dev.cordon.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.host.HostSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherSettingsTest {

    private static final Map<String, String> FRAMEWORK = Map.of(
            "cordon.home", "/opt/cordon",
            "cordon.worker.spares", "1",
            "cordon.worker.stop.grace.ms", "750");

    @Test
    void aConfiguredKeyWinsOverTheFrameworkPropertyOfItsName() {
        LauncherSettings s =
                LauncherSettings.from(HostSettings.layered(Map.of("cordon.worker.spares", 3), FRAMEWORK::get));

        assertThat(s.spares()).isEqualTo(3);
        assertThat(s.stopGraceMillis())
                .as("not configured: the framework property")
                .isEqualTo(750);
        assertThat(s.workerLib()).hasToString("/opt/cordon/lib/worker");
    }

    @Test
    void withNeitherTheDefaultHolds() {
        LauncherSettings s = LauncherSettings.from(HostSettings.layered(Map.of(), key -> null));

        assertThat(s.spares()).isZero();
        assertThat(s.stopGraceMillis()).isEqualTo(2000);
    }

    @Test
    void aMalformedConfiguredValueNamesItsKey() {
        assertThatThrownBy(() -> LauncherSettings.from(
                        HostSettings.layered(Map.of("cordon.worker.spares", "many"), FRAMEWORK::get)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cordon.worker.spares");
    }

    @Test
    void theWorkersJavaIsTheHostsUnlessConfigured() {
        assertThat(LauncherSettings.from(HostSettings.layered(Map.of(), FRAMEWORK::get))
                        .workerJava())
                .isEmpty();
        assertThat(LauncherSettings.from(HostSettings.layered(
                                Map.of("cordon.worker.java", " /opt/jdk-25/bin/java "), FRAMEWORK::get))
                        .workerJava())
                .hasValue("/opt/jdk-25/bin/java");
    }
}
