package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.model.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueSettingsTest {

    @Test
    void theDefaultLaneAlwaysExistsWithTheGlobalLimitUnlessNamed() {
        assertThat(QueueSettings.lanes("", 3)).containsExactly(Map.entry(Job.DEFAULT_LANE, 3));
        assertThat(QueueSettings.lanes(" gpu = 1, cpu=4 ", 2))
                .containsExactly(Map.entry(Job.DEFAULT_LANE, 2), Map.entry("gpu", 1), Map.entry("cpu", 4));
        assertThat(QueueSettings.lanes("default=5,gpu=1", 2)).containsEntry(Job.DEFAULT_LANE, 5);
    }

    @Test
    void aLaneThatIsNotNameEqualsALimitOfAtLeastOneIsRefusedNamingIt() {
        assertThatThrownBy(() -> QueueSettings.lanes("gpu", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Lane 'gpu'")
                .hasMessageContaining("name=limit");
        assertThatThrownBy(() -> QueueSettings.lanes("gpu=0", 1)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> QueueSettings.lanes("=2", 1)).hasMessageContaining("Lane '=2'");
        assertThatThrownBy(() -> QueueSettings.lanes("gpu=x", 1)).hasMessageContaining("Lane 'gpu=x'");
    }

    @Test
    void theGlobalLimitAndTheHostIdAreChecked() {
        QueueSettings d = QueueSettings.defaults();
        assertThat(d.maxRunning()).isEqualTo(1);
        assertThat(d.hostId()).isEqualTo("local");
        assertThat(d.lease()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(ClusterMember.defaultHostId())
                .as("a cluster host's default id: host name and pid")
                .endsWith("-" + ProcessHandle.current().pid());
        assertThatThrownBy(() -> d.withMaxRunning(0)).hasMessageContaining("max_running must be at least 1");
        assertThatThrownBy(() -> d.withLanes(Map.of("gpu", 1))).hasMessageContaining("must include 'default'");
    }
}
