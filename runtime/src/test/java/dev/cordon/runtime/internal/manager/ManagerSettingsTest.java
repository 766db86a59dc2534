package dev.cordon.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagerSettingsTest {

    @Test
    void defaultsDeriveFromTheDataFolder() {
        ManagerSettings s =
                ManagerSettings.from(Map.of("cordon.data", "/d", "felix.fileinstall.dir", "/h/deploy")::get);

        assertThat(s.searchPaths()).containsExactly(Path.of("/d/manifests"));
        assertThat(s.logsDir()).isEqualTo(Path.of("/d/logs"));
        assertThat(s.deployDir()).isEqualTo(Path.of("/h/deploy"));
        assertThat(s.strictConfig()).isTrue();
        assertThat(s.driftDetection()).isTrue();
        assertThat(s.resourceTracking()).isTrue();
        assertThat(s.maxRetries()).isEqualTo(2);
        assertThat(s.callTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void searchPathsAreReadInOrderAndBadValuesNameTheirKey() {
        ManagerSettings s = ManagerSettings.from(
                Map.of("cordon.plugins.paths", "/a, /b", "cordon.plugins.drift.detection", "false")::get);
        assertThat(s.searchPaths()).isEqualTo(List.of(Path.of("/a"), Path.of("/b")));
        assertThat(s.driftDetection()).isFalse();

        assertThatThrownBy(() -> ManagerSettings.from(Map.of("cordon.plugins.retry.max", "two")::get))
                .hasMessageContaining("cordon.plugins.retry.max");
        assertThatThrownBy(() -> ManagerSettings.from(Map.of("cordon.plugins.tracking", "yes")::get))
                .hasMessageContaining("cordon.plugins.tracking");
    }
}
