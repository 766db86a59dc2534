package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import dev.cordon.testkit.misbehaving.MisbehavingWorkers;
import dev.cordon.testkit.misbehaving.Misbehaviour;
import dev.cordon.testkit.worker.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of the testkit's misbehaving workers, on both workers, does what its name says when the real launcher runs
 * it; the failure suite relies on that. What the host then makes of it is the failure suite's business, so only the
 * misbehaviour itself is asserted here.
 */
class MisbehavingWorkersTest {

    private static final Duration CALL = Duration.ofSeconds(20);
    private static ProxyTransport transport;

    private final ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
    private final List<WorkerHandle> started = new ArrayList<>();
    private final List<Long> strays = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void openTransport() {
        transport = new ProxyTransport(1);
    }

    @AfterAll
    static void closeTransport() {
        transport.close();
    }

    @AfterEach
    void stopEverything() {
        started.forEach(h -> h.stop(Duration.ofSeconds(2)));
        strays.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        await().atMost(Duration.ofSeconds(10)).until(() -> strays.stream().allMatch(Processes::exited));
    }

    static Stream<Arguments> cases() {
        return Stream.of("java", "python")
                .flatMap(language -> Stream.of(Misbehaviour.values()).map(m -> Arguments.of(language, m)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void misbehavesAsNamed(String language, Misbehaviour misbehaviour) throws Exception {
        Path manifest = manifest(language, misbehaviour);
        switch (misbehaviour) {
            case HANG_IN_STARTUP, GARBAGE_ON_STDOUT ->
                assertThatThrownBy(() -> launch(manifest, misbehaviour, Duration.ofSeconds(5)))
                        .isInstanceOf(PluginError.class);
            case NEVER_READ_STDIN -> {
                WorkerHandle handle = launch(manifest, misbehaviour, Duration.ofSeconds(30));
                assertThat(call(handle, Map.of())).isInstanceOf(Map.class);
                assertThat(Files.readSymbolicLink(fd(handle, 0)).toString())
                        .as("not the host's pipe")
                        .doesNotStartWith("pipe:")
                        .endsWith("(deleted)");
                assertThat(Files.readSymbolicLink(fd(handle, 3)).toString()).startsWith("pipe:");
            }
            case SLOW_ANSWER -> {
                WorkerHandle handle = launch(manifest, misbehaviour, Duration.ofSeconds(30));
                assertThat(call(handle, Map.of("seconds", 0.5))).isEqualTo(Map.of("slept", 0.5));
            }
            case SPAWN_CHILDREN_AND_DIE -> {
                WorkerHandle handle = launch(manifest, misbehaviour, Duration.ofSeconds(30));
                Path pidFile = dir.resolve("children.pids");
                assertThatThrownBy(() -> call(handle, Map.of("pid_file", pidFile.toString())))
                        .isInstanceOf(PluginError.class);
                List<Long> children = Files.readAllLines(pidFile).stream()
                        .map(Long::parseLong)
                        .toList();
                strays.addAll(children);
                assertThat(children).hasSize(2).doesNotContain(handle.pid());
                await().atMost(Duration.ofSeconds(10)).until(() -> Processes.exited(handle.pid()));
            }
            case EXIT_MID_CALL, SEGFAULT, SIGKILL_MID_CALL -> {
                WorkerHandle handle = launch(manifest, misbehaviour, Duration.ofSeconds(30));
                assertThatThrownBy(() -> call(handle, Map.of())).isInstanceOf(PluginError.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> Processes.exited(handle.pid()));
            }
        }
    }

    private Path manifest(String language, Misbehaviour misbehaviour) throws IOException {
        if (language.equals("python")) {
            return MisbehavingWorkers.pythonManifest(misbehaviour, dir, "/usr/bin/python3");
        }
        Path env = Path.of(System.getProperty("cordon.examples"), "misbehaving", "target", "env");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return MisbehavingWorkers.javaManifest(misbehaviour, dir, env, java);
    }

    private WorkerHandle launch(Path manifest, Misbehaviour misbehaviour, Duration startTimeout) {
        String name = misbehaviour.pluginName();
        WorkerHandle handle = launcher.launch(
                PluginLoadSpec.of(name, manifest),
                new LaunchOptions(name, Map.of(), dir.resolve(name + ".log"), startTimeout));
        started.add(handle);
        return handle;
    }

    private static Object call(WorkerHandle handle, Map<String, Object> kwargs) {
        try (WorkerClient client = new WorkerClient(handle, handle.instanceId(), transport, 2)) {
            return client.execute(List.of(), kwargs, CALL);
        }
    }

    private static Path fd(WorkerHandle handle, int fd) {
        return Path.of("/proc", Long.toString(handle.pid()), "fd", Integer.toString(fd));
    }
}
