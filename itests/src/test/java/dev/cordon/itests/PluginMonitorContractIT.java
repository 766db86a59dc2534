package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.manager.HostServices;
import dev.cordon.runtime.internal.manager.ManagerSettings;
import dev.cordon.runtime.internal.manager.PluginHost;
import dev.cordon.runtime.internal.monitor.PluginSystemMonitor;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import dev.cordon.store.memory.InMemoryConfigStore;
import dev.cordon.store.memory.InMemoryEmpiricalResourceStore;
import dev.cordon.store.memory.InMemorySecretStore;
import dev.cordon.testkit.scheduling.SystemMonitorContract;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin-backed system monitor against the SystemMonitor contract, reading the example {@code py-monitor} in a
 * real Python worker; after every test the plugin (not the procfs fallback) must have answered. It lives here, not
 * in the runtime's tests, because the testkit depends on the runtime.
 */
class PluginMonitorContractIT extends SystemMonitorContract {

    private static Path dir;
    private static PluginHost host;
    private static PluginSystemMonitor monitor;
    private static long workerPid;

    @BeforeAll
    static void monitorPlugin() throws Exception {
        dir = DistributionOptions.scratch("plugin-monitor-contract");
        Path manifests = dir.resolve("manifests");
        ExampleManifests.python(manifests, "py-monitor");
        ProcSystemMonitor procfs = new ProcSystemMonitor(
                Path.of("/proc"), Path.of("/sys/fs/cgroup"), Optional.empty(), Duration.ofSeconds(5));
        host = new PluginHost(
                ManagerSettings.defaults(dir.resolve("data"), dir.resolve("deploy"))
                        .withSearchPaths(List.of(manifests)),
                HostServices.of(
                        new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties()),
                        new PermissiveScheduler(),
                        new InMemoryConfigStore(),
                        new InMemorySecretStore(),
                        new InMemoryEmpiricalResourceStore(),
                        procfs));
        host.discover();
        monitor = new PluginSystemMonitor(host, procfs, new Settings("py-monitor"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> host.stats("py-monitor").isPresent());
        workerPid = host.stats("py-monitor").orElseThrow().pid();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> !Workers.running(workerPid));
    }

    @Override
    protected SystemMonitor monitor() {
        return monitor;
    }

    @AfterEach
    void thePluginAnsweredNotTheFallback() {
        assertThat(monitor.problem()).as("why the procfs fallback answered").isEmpty();
    }

    @Test
    void itReadsThePluginItWasConfiguredWith() {
        assertThat(monitor.describe()).isEqualTo("plugin 'py-monitor'");
        assertThat(monitor.host().ramTotalMb()).isPositive();
        assertThat(Workers.running(workerPid)).isTrue();
    }

    /**
     * The component's configuration as a plain value: the plugin to read, loaded by the monitor, with a request
     * timeout generous enough for a busy test machine.
     */
    private record Settings(String plugin_name) implements PluginSystemMonitor.Config {
        @Override
        public String instance_id() {
            return "";
        }

        @Override
        public boolean load() {
            return true;
        }

        @Override
        public long timeout_ms() {
            return 10_000;
        }

        @Override
        public long retry_interval_ms() {
            return 10_000;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return PluginSystemMonitor.Config.class;
        }
    }
}
