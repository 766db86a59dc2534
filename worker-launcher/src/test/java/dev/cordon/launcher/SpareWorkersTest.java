package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spare workers ({@code cordon.worker.spares}), with real worker processes: a launch takes a ready spare that
 * matches it and the launcher starts the next; a spare never stands in for a launch with another environment or
 * manifest; dead spares are skipped; closing the launcher stops the spares.
 */
class SpareWorkersTest {

    private static final Duration CALL = Duration.ofSeconds(20);
    private static ProxyTransport transport;
    private final ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.from(key -> switch (key) {
        case "cordon.worker.spares" -> "1";
        case "cordon.worker.spares.check.ms" -> "200";
        default -> System.getProperty(key);
    }));
    private static final Set<Long> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<WorkerHandle> started = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void transport() {
        transport = new ProxyTransport(1);
    }

    @AfterEach
    void stop() {
        SEEN.addAll(children());
        started.forEach(h -> SEEN.add(h.pid()));
        started.forEach(h -> h.stop(Duration.ofSeconds(2)));
        launcher.close();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(children()).isEmpty());
    }

    @AfterAll
    static void noWorkerRemains() {
        transport.close();
        // The workers this class started, not every worker on the machine: other builds may be running theirs.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(SEEN.stream()
                                .filter(pid -> !WorkerProcesses.exited(pid))
                                .toList())
                        .isEmpty());
    }

    @Test
    void aLaunchTakesTheReadySpareAndTheLauncherStartsTheNext() throws Exception {
        Path manifest = TestManifests.javaExample(dir, "echo");
        WorkerHandle first = launch(manifest, "echo-a", Map.of());
        long spare = awaitOneSpare(Set.of(first.pid()));

        WorkerHandle second = launch(manifest, "echo-b", Map.of());

        assertThat(second.pid()).as("the spare serves the second launch").isEqualTo(spare);
        assertThat(second.instanceId()).isEqualTo("echo-b");
        assertThat(second.logFile()).isEqualTo(log("echo-b"));
        WorkerClient client = new WorkerClient(second, "echo", transport, 2);
        assertThat(client.execute(List.of(), Map.of("n", 1L), CALL))
                .isEqualTo(Map.of("args", List.of(), "kwargs", Map.of("n", 1L)));
        client.close();
        String text = Files.readString(log("echo-b"));
        assertThat(text)
                .contains("Starting echo as a spare")
                .contains("serving on")
                .contains("Taken by instance echo-b");
        long next = awaitOneSpare(Set.of(first.pid(), second.pid()));
        assertThat(next).isNotIn(first.pid(), second.pid());
        assertThat(spareLogs()).as("only the new spare's own log").hasSize(1);

        launcher.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> WorkerProcesses.exited(next));
        assertThat(spareLogs()).as("an unused spare's log goes with it").isEmpty();
        assertThat(first.isAlive() && second.isAlive())
                .as("taken workers are not spares")
                .isTrue();
    }

    @Test
    void aSpareStandsInOnlyForTheSameEnvironmentAndAStaleOneIsStopped() throws Exception {
        Path manifest = TestManifests.javaExample(dir, "echo");
        WorkerHandle first = launch(manifest, "echo-a", Map.of("SECRET_TOKEN", "one"));
        long spare = awaitOneSpare(Set.of(first.pid()));

        WorkerHandle second = launch(manifest, "echo-b", Map.of("SECRET_TOKEN", "two"));

        assertThat(second.pid()).as("started for its own environment").isNotEqualTo(spare);
        await().atMost(Duration.ofSeconds(10)).until(() -> WorkerProcesses.exited(spare));
        long fresh = awaitOneSpare(Set.of(first.pid(), second.pid()));
        assertThat(environ(fresh)).contains("SECRET_TOKEN=two").doesNotContain("CORDON_INSTANCE_ID=");
    }

    @Test
    void aChangedManifestIsNotServedByASpareOfTheOldOne() throws Exception {
        Path manifest = TestManifests.javaExample(dir, "echo");
        WorkerHandle first = launch(manifest, "echo-a", Map.of());
        long spare = awaitOneSpare(Set.of(first.pid()));
        Files.writeString(
                manifest, Files.readString(manifest).replace("\"version\": \"1.0.0\"", "\"version\": \"1.0.1\""));

        WorkerHandle second = launch(manifest, "echo-b", Map.of());

        assertThat(second.pid()).isNotEqualTo(spare);
        await().atMost(Duration.ofSeconds(10)).until(() -> WorkerProcesses.exited(spare));
    }

    @Test
    void aRemovedOrChangedManifestStopsItsSpareWithoutALaunch() throws Exception {
        Path echo = TestManifests.javaExample(dir, "echo");
        Path streamer = TestManifests.javaExample(dir, "streamer");
        WorkerHandle first = launch(echo, "echo-a", Map.of());
        long echoSpare = awaitOneSpare(Set.of(first.pid()));
        WorkerHandle second = launch(streamer, "streamer-a", Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> launcher.sparesReady() == 2);

        Files.delete(echo);
        await().atMost(Duration.ofSeconds(10)).until(() -> WorkerProcesses.exited(echoSpare));
        assertThat(launcher.sparesReady()).isEqualTo(1);

        Files.writeString(
                streamer, Files.readString(streamer).replace("\"version\": \"1.0.0\"", "\"version\": \"2.0.0\""));
        await().atMost(Duration.ofSeconds(10)).until(() -> launcher.sparesReady() == 0);
        // The pool forgets a stale spare before its process has finished stopping.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(children()).containsExactlyInAnyOrder(first.pid(), second.pid()));
    }

    @Test
    void aDeadSpareIsSkippedAndTheInstanceLogOfAnEarlierRunIsKept() throws Exception {
        Path manifest = TestManifests.javaExample(dir, "echo");
        WorkerHandle first = launch(manifest, "echo-a", Map.of());
        long spare = awaitOneSpare(Set.of(first.pid()));
        ProcessHandle.of(spare).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> WorkerProcesses.exited(spare));

        WorkerHandle second = launch(manifest, "echo-b", Map.of());
        assertThat(second.pid()).isNotEqualTo(spare);
        assertThat(second.isAlive()).isTrue();
        long next = awaitOneSpare(Set.of(first.pid(), second.pid()));
        second.stop(Duration.ofSeconds(2));

        WorkerHandle third = launch(manifest, "echo-b", Map.of());
        assertThat(third.pid()).isEqualTo(next);
        assertThat(Files.readString(log("echo-b").resolveSibling("echo-b.log.1")))
                .as("the log of the instance's earlier worker")
                .contains("Starting echo as echo-b");
        assertThat(Files.readString(log("echo-b"))).contains("Taken by instance echo-b");
    }

    @Test
    void pythonWorkersHaveSparesToo() throws Exception {
        Path manifest = TestManifests.pythonExample(dir, "py-echo");
        WorkerHandle first = launch(manifest, "py-echo-a", Map.of());
        long spare = awaitOneSpare(Set.of(first.pid()));

        WorkerHandle second = launch(manifest, "py-echo-b", Map.of());

        assertThat(second.pid()).isEqualTo(spare);
        WorkerClient client = new WorkerClient(second, "py-echo", transport, 2);
        assertThat(client.call(Endpoint.HEALTH, null, CALL)).isInstanceOf(Map.class);
        client.close();
    }

    private WorkerHandle launch(Path manifest, String id, Map<String, String> env) {
        WorkerHandle handle = launcher.launch(
                PluginLoadSpec.of(id, manifest), new LaunchOptions(id, env, log(id), Duration.ofSeconds(30)));
        started.add(handle);
        return handle;
    }

    private Path log(String id) {
        return dir.resolve("logs").resolve(id + ".log");
    }

    /** Waits until the launcher has one spare ready and returns its pid: the child process not in {@code known}. */
    private long awaitOneSpare(Set<Long> known) {
        await().atMost(Duration.ofSeconds(30)).until(() -> launcher.sparesReady() == 1);
        Set<Long> others =
                children().stream().filter(pid -> !known.contains(pid)).collect(Collectors.toSet());
        assertThat(others).hasSize(1);
        return others.iterator().next();
    }

    /** This JVM's live worker children (taken workers and spares). */
    private static List<Long> children() {
        return ProcessHandle.current()
                .children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("dev.cordon.worker/") || c.contains("cordon_worker.py"))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .filter(pid -> !WorkerProcesses.exited(pid))
                .toList();
    }

    private List<Path> spareLogs() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(".spare-"))
                    .toList();
        }
    }

    private static String environ(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"))).replace('\0', '\n');
    }
}
