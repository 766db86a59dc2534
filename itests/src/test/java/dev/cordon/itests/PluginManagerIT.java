package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginConfigError;
import dev.cordon.api.error.PluginDisabledError;
import dev.cordon.api.error.PluginNotFoundError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.ChunkStream;
import dev.cordon.api.host.PluginManager.LoadOutcome;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.model.WorkerEnvStatus;
import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SchedulingRefusedException;
import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.SecretValue;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.manager.HostServices;
import dev.cordon.runtime.internal.manager.ManagerSettings;
import dev.cordon.runtime.internal.manager.PluginHost;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import dev.cordon.store.memory.InMemoryConfigStore;
import dev.cordon.store.memory.InMemoryEmpiricalResourceStore;
import dev.cordon.store.memory.InMemorySecretStore;
import dev.cordon.store.sqlite.SqliteConfigStore;
import dev.cordon.testkit.worker.Published;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin manager as a plain object over real workers: the launcher, a scheduler, stores and procfs. */
class PluginManagerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every worker pid any test saw; none may be alive after the suite. */
    private static final Set<Long> SEEN = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    private final List<PluginHost> hosts = new ArrayList<>();
    private final List<ProcessWorkerLauncher> launchers = new ArrayList<>();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final InMemoryEmpiricalResourceStore resources = new InMemoryEmpiricalResourceStore();

    private Path manifests() {
        return dir.resolve("manifests");
    }

    private ManagerSettings settings() {
        return ManagerSettings.defaults(dir.resolve("data"), dir.resolve("deploy"))
                .withSearchPaths(List.of(manifests()));
    }

    private PluginHost host(ManagerSettings settings, ConfigStore configs, ResourceScheduler scheduler) {
        return host(settings, configs, scheduler, new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties()));
    }

    private PluginHost host(
            ManagerSettings settings,
            ConfigStore configs,
            ResourceScheduler scheduler,
            ProcessWorkerLauncher launcher) {
        PluginHost host = new PluginHost(
                settings,
                HostServices.of(
                        launcher,
                        scheduler,
                        configs,
                        secrets,
                        resources,
                        new ProcSystemMonitor(
                                Path.of("/proc"), Path.of("/sys/fs/cgroup"), Optional.empty(), Duration.ofSeconds(5))));
        hosts.add(host);
        host.discover();
        return host;
    }

    private PluginHost host() {
        return host(settings(), new InMemoryConfigStore(), new PermissiveScheduler());
    }

    private static long pid(PluginHost host, String id) {
        long pid = host.stats(id).orElseThrow().pid();
        SEEN.add(pid);
        return pid;
    }

    @AfterEach
    void closeHosts() {
        hosts.forEach(PluginHost::close);
        launchers.forEach(ProcessWorkerLauncher::close);
    }

    @AfterAll
    static void noWorkerProcessIsLeft() {
        assertThat(SEEN).isNotEmpty();
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> assertThat(SEEN.stream().filter(Workers::running).toList())
                                .isEmpty());
    }

    @Test
    void discoveryTakesTheFirstDefinitionReportsBadFilesAndFollowsTheDeployFolder() throws IOException {
        ExampleManifests.java(manifests(), "echo");
        Path second = dir.resolve("second");
        ExampleManifests.java(second, "echo");
        Files.writeString(second.resolve("broken.json"), "{not json");
        Files.writeString(
                second.resolve("incomplete.json"),
                "{\"format_version\": \"2.0\", \"install\": {}," + " \"code\": {\"name\": \"x\"}}");
        ExampleManifests.python(second, "py-echo");
        PluginHost host = host(
                settings().withSearchPaths(List.of(manifests(), second)),
                new InMemoryConfigStore(),
                new PermissiveScheduler());

        assertThat(host.discovered()).extracting(m -> m.name()).containsExactly("echo", "py-echo");
        assertThat(host.plugin("echo").orElseThrow().file())
                .isEqualTo(manifests().resolve("echo.json"));
        assertThat(host.discoveryProblems())
                .extracting(p -> p.file().getFileName().toString() + ": " + p.reason())
                .anySatisfy(r -> assertThat(r).startsWith("broken.json: invalid manifest"))
                .anySatisfy(r -> assertThat(r)
                        .startsWith("incomplete.json: invalid manifest")
                        .contains("$.code"))
                .anySatisfy(r -> assertThat(r).startsWith("echo.json: plugin 'echo' is already defined"));
        assertThat(host.byDomain("example")).extracting(m -> m.name()).containsExactly("py-echo");
        assertThat(host.byRole("CordonPlugin")).extracting(m -> m.name()).containsExactly("py-echo");
        assertThat(host.canonicalForRole("CordonPlugin").orElseThrow().name()).isEqualTo("py-echo");
        assertThat(host.compatibleWithThisPlatform()).extracting(m -> m.name()).contains("echo", "py-echo");

        Path dropped = ExampleManifests.java(dir.resolve("deploy"), "streamer");
        host.deployed(dropped);
        assertThat(host.meta("streamer")).isPresent();
        host.ensureLoaded("streamer");
        long pid = pid(host, "streamer");

        Files.delete(dropped);
        host.undeployed(dropped);
        assertThat(host.meta("streamer")).isEmpty();
        assertThat(host.instance("streamer")).isEmpty();
        await().atMost(WAIT).until(() -> !Workers.running(pid));
    }

    @Test
    void anInstanceLoadsRunsReloadsWithItsConfigAndUnloads() throws Exception {
        ExampleManifests.java(manifests(), "echo.json", "echo", ExampleManifests.ECHO_SCHEMA, "", "null");
        ExampleManifests.java(manifests(), "streamer");
        PluginHost host = host();
        PluginLoadSpec spec = new PluginLoadSpec(
                "echo", manifests().resolve("echo.json"), Optional.empty(), false, Optional.of(Map.of("prefix", ">")));

        PluginInstance echo = host.load(spec);
        assertThat(echo.instanceId()).isEqualTo("echo");
        assertThat(echo.config()).isEqualTo(Map.of("prefix", ">"));
        assertThat(echo.configHash()).startsWith("sha256:");
        long firstPid = pid(host, "echo");
        assertThat(host.execute("echo", Call.kwargs(Map.of("text", "hi"))))
                .isEqualTo(Map.of("args", List.of(), "kwargs", Map.of("text", "hi")));
        assertThat(host.load(spec).createdAt())
                .as("loading an existing id again is idempotent")
                .isEqualTo(echo.createdAt());
        assertThat(pid(host, "echo")).isEqualTo(firstPid);

        PluginInstance reloaded = host.reload("echo");
        assertThat(reloaded.config()).isEqualTo(Map.of("prefix", ">"));
        assertThat(pid(host, "echo")).isNotEqualTo(firstPid);
        await().atMost(WAIT).until(() -> !Workers.running(firstPid));
        assertThat(host.executeAsync("echo", Call.args(1L)).get())
                .isEqualTo(Map.of("args", List.of(1L), "kwargs", Map.of()));

        host.ensureLoaded("streamer");
        pid(host, "streamer");
        List<Object> pulled = new ArrayList<>();
        try (ChunkStream<Object> chunks = host.openStream("streamer", Call.kwargs(Map.of("n", 5L)))) {
            chunks.forEachRemaining(pulled::add);
        }
        assertThat(pulled).hasSize(5).last().isEqualTo(Map.of("i", 4L));
        assertThat(collect(host.executeStream("streamer", Call.kwargs(Map.of("n", 3L)))))
                .hasSize(3);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(resources.listForPlugin("streamer"))
                        .singleElement()
                        .satisfies(r -> {
                            assertThat(r.sampleCount()).isEqualTo(2);
                            assertThat(r.memoryMbPeakMax()).isPositive();
                        }));

        assertThat(host.unload("echo")).isTrue();
        assertThat(host.unload("echo")).isFalse();
        assertThatThrownBy(() -> host.execute("echo", Call.kwargs(Map.of()))).isInstanceOf(PluginNotLoadedError.class);
        host.unloadAll();
        assertThat(host.instances()).isEmpty();
    }

    @Test
    void aBadConfigFailsBeforeAnyWorkerStartsAndLoadAllReportsEachSpec() throws Exception {
        ExampleManifests.java(manifests(), "echo.json", "echo", ExampleManifests.ECHO_SCHEMA, "", "null");
        PluginHost host = host();
        Path manifest = manifests().resolve("echo.json");
        PluginLoadSpec bad =
                new PluginLoadSpec("echo", manifest, Optional.of("echo-bad"), false, Optional.of(Map.of("bogus", 1L)));

        assertThatThrownBy(() -> host.load(bad))
                .isInstanceOf(PluginConfigError.class)
                .hasMessageContaining("bogus");
        assertThat(host.settings().logsDir().resolve("echo-bad.log"))
                .as("no worker was started")
                .doesNotExist();

        List<LoadOutcome> outcomes = host.loadAll(List.of(
                        new PluginLoadSpec("echo", manifest, Optional.of("a"), false, Optional.empty()),
                        new PluginLoadSpec("echo", manifest, Optional.of("b"), false, Optional.empty()),
                        bad))
                .get();
        assertThat(outcomes).extracting(o -> o.instance().isPresent()).containsExactly(true, true, false);
        assertThat(outcomes.get(2).error().orElseThrow()).isInstanceOf(PluginConfigError.class);
        assertThat(host.instances()).extracting(PluginInstance::instanceId).containsExactly("a", "b");
        pid(host, "a");
        pid(host, "b");
    }

    @Test
    void aConfigIsValidatedAlwaysAndAnUnloadedPluginKeepsItsConfigForTheNextLoad() throws IOException {
        ExampleManifests.java(manifests(), "echo.json", "echo", ExampleManifests.ECHO_SCHEMA, "", "null");
        InMemoryConfigStore configs = new InMemoryConfigStore();
        PluginHost host = host(settings(), configs, new PermissiveScheduler());
        Path manifest = manifests().resolve("echo.json");

        assertThat(host.updateConfig("echo", Map.of("prefix", ">"))).containsEntry("prefix", ">");
        assertThat(configs.get("echo")).as("persisted for the next load").isPresent();
        assertThat(host.config("echo")).containsEntry("prefix", ">");
        assertThatThrownBy(() -> host.updateConfig("echo", Map.of("nope", 1L)))
                .isInstanceOf(PluginConfigError.class)
                .hasMessageContaining("plugin 'echo'")
                .hasMessageContaining("nope");

        PluginInstance loaded = host.ensureLoaded("echo");
        pid(host, "echo");
        assertThat(loaded.config()).as("the load took the persisted config").containsEntry("prefix", ">");
        assertThatThrownBy(() -> host.load(
                        new PluginLoadSpec("echo", manifest, Optional.empty(), false, Optional.of(Map.of("nope", 1L)))))
                .as("a bad config for a loaded instance is an error, always")
                .isInstanceOf(PluginConfigError.class)
                .hasMessageContaining("plugin 'echo'");

        assertThatThrownBy(() -> host.updateConfig("nosuch", Map.of())).isInstanceOf(PluginNotFoundError.class);
        assertThatThrownBy(() -> host.execute("ecoh", Call.kwargs(Map.of())))
                .isInstanceOfSatisfying(
                        PluginNotFoundError.class, e -> assertThat(e.closest()).containsExactly("echo"))
                .hasMessageContaining("No plugin named 'ecoh'")
                .hasMessageContaining("did you mean 'echo'");
        host.unload("echo");
        assertThatThrownBy(() -> host.execute("echo", Call.kwargs(Map.of())))
                .as("a discovered plugin that is not loaded is not loaded, not unknown")
                .isInstanceOf(PluginNotLoadedError.class);
    }

    @Test
    void aCleanStopWritesEverySampleTaken() throws IOException {
        ExampleManifests.java(manifests(), "echo");
        PluginHost host = host();
        host.ensureLoaded("echo");
        pid(host, "echo");
        String hash = host.instance("echo").orElseThrow().configHash();
        for (int i = 0; i < 5; i++) {
            host.execute("echo", Call.kwargs(Map.of("text", "n" + i)));
        }
        host.close();

        assertThat(resources.get("echo", hash))
                .as("every call of the stopped host is a sample")
                .hasValueSatisfying(r -> assertThat(r.sampleCount()).isEqualTo(5));
    }

    @Test
    void eachInstanceRunsItsOwnWorkerWithItsOwnConfig() throws IOException {
        ExampleManifests.python(manifests(), "py-echo");
        PluginHost host = host();
        Path manifest = manifests().resolve("py-echo.json");

        PluginInstance a = host.load(
                new PluginLoadSpec("py-echo", manifest, Optional.empty(), true, Optional.of(Map.of("prefix", "A:"))));
        PluginInstance b = host.load(
                new PluginLoadSpec("py-echo", manifest, Optional.empty(), true, Optional.of(Map.of("prefix", "B:"))));

        assertThat(a.instanceId()).matches("py-echo-[0-9a-f]{6}");
        assertThat(b.instanceId()).matches("py-echo-[0-9a-f]{6}").isNotEqualTo(a.instanceId());
        assertThat(pid(host, a.instanceId())).isNotEqualTo(pid(host, b.instanceId()));
        assertThat(host.execute(a.instanceId(), Call.args("x")))
                .isEqualTo(Map.of("args", List.of("A:x"), "kwargs", Map.of()));
        assertThat(host.bind(b.instanceId()).execute(Call.args("x"), Map.class).get("args"))
                .isEqualTo(List.of("B:x"));
        assertThat(host.meta("py-echo").orElseThrow().configSchemaDrift())
                .as("the shipped manifest's hash matches")
                .isFalse();
    }

    @Test
    void disableRefusesNewCallsAndDefersOnDisableUntilInFlightCallsFinish() throws Exception {
        ExampleManifests.java(manifests(), "slow");
        InMemoryConfigStore configs = new InMemoryConfigStore();
        PluginHost host = host(settings(), configs, new PermissiveScheduler());
        host.ensureLoaded("slow");
        pid(host, "slow");

        CompletableFuture<Object> running =
                host.executeAsync("slow", Call.kwargs(Map.of("steps", 40L, "step_seconds", 0.1)));
        await().atMost(WAIT).until(() -> host.stats("slow").orElseThrow().inFlight() == 1);
        assertThat(host.disable("slow")).isTrue();
        var during = host.stats("slow").orElseThrow();
        boolean stillRunning = !running.isDone();

        assertThat(stillRunning).as("the call outlasts the disable").isTrue();
        assertThat(during.disablePending()).isTrue();
        assertThat(during.onDisableRanAt()).isEmpty();
        assertThatThrownBy(() -> host.execute("slow", Call.kwargs(Map.of()))).isInstanceOf(PluginDisabledError.class);
        assertThat(configs.get("slow").orElseThrow().enabled()).isFalse();

        running.get();
        await().atMost(WAIT)
                .until(() -> host.stats("slow").orElseThrow().onDisableRanAt().isPresent());
        assertThat(host.disable("slow")).isFalse();
        assertThat(host.enable("slow")).isTrue();
        assertThat(host.execute("slow", Call.kwargs(Map.of("steps", 1L, "step_seconds", 0.0))))
                .isNotNull();
        assertThat(configs.get("slow").orElseThrow().enabled()).isTrue();
    }

    @Test
    void aConfigUpdateIsValidatedAppliedAndPersistedAcrossARestart() throws Exception {
        ExampleManifests.python(manifests(), "py-echo");
        Path db = dir.resolve("data").resolve("configs.db");
        Files.createDirectories(db.getParent());
        try (SqliteConfigStore store = new SqliteConfigStore(db)) {
            PluginHost first = host(settings(), store, new PermissiveScheduler());
            first.ensureLoaded("py-echo");
            pid(first, "py-echo");
            assertThat(first.updateConfig("py-echo", Map.of("prefix", ">"))).containsEntry("prefix", ">");
            assertThat(first.execute("py-echo", Call.args("x")))
                    .isEqualTo(Map.of("args", List.of(">x"), "kwargs", Map.of()));
            assertThatThrownBy(() -> first.updateConfig("py-echo", Map.of("prefix", 5L)))
                    .isInstanceOf(PluginConfigError.class)
                    .hasMessageContaining("prefix");
            assertThat(first.config("py-echo")).containsEntry("prefix", ">");
            first.close();
        }
        try (SqliteConfigStore store = new SqliteConfigStore(db)) {
            PluginHost second = host(settings(), store, new PermissiveScheduler());
            assertThat(second.ensureLoaded("py-echo").config()).containsEntry("prefix", ">");
            pid(second, "py-echo");
            assertThat(second.execute("py-echo", Call.args("y")))
                    .isEqualTo(Map.of("args", List.of(">y"), "kwargs", Map.of()));
            second.close();
        }
    }

    @Test
    void aLiveSchemaThatDiffersFromTheManifestIsFlaggedUnlessDetectionIsOff() throws IOException {
        ExampleManifests.java(
                manifests(),
                "echo.json",
                "echo",
                ExampleManifests.ECHO_SCHEMA,
                "",
                "\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"");
        PluginHost host = host();
        assertThat(host.meta("echo").orElseThrow().configSchemaDrift()).isFalse();

        host.ensureLoaded("echo");
        pid(host, "echo");

        var meta = host.meta("echo").orElseThrow();
        assertThat(meta.configSchemaDrift()).isTrue();
        assertThat(meta.liveConfigSchema().orElseThrow()).containsKey("properties");
        host.close();

        PluginHost quiet =
                host(settings().withDriftDetection(false), new InMemoryConfigStore(), new PermissiveScheduler());
        quiet.ensureLoaded("echo");
        pid(quiet, "echo");
        assertThat(quiet.meta("echo").orElseThrow().configSchemaDrift()).isFalse();
    }

    @Test
    void aSecretReachesTheWorkerOnlyAndSettingItRespawnsTheInstance() throws IOException {
        ExampleManifests.java(manifests(), "echo.json", "echo", """
                , "worker_env": [{"name": "API_KEY", "secret": true, "required": true, "label": "API key"},
                                 {"name": "MODE", "secret": false, "required": false, "default": "fast"}]""", "", "null");
        PluginHost host = host();
        assertThat(host.workerEnvStatus("echo"))
                .extracting(WorkerEnvStatus::name, WorkerEnvStatus::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("API_KEY", WorkerEnvStatus.Source.UNSET),
                        org.assertj.core.groups.Tuple.tuple("MODE", WorkerEnvStatus.Source.DEFAULT));
        host.setSecret("echo", "API_KEY", SecretValue.of("first-s3cr3t-value"));
        host.ensureLoaded("echo");
        long firstPid = pid(host, "echo");
        assertThat(Workers.environ(firstPid).orElseThrow())
                .contains("API_KEY=first-s3cr3t-value")
                .contains("MODE=fast");
        assertThat(host.workerEnvStatus("echo").get(0).source()).isEqualTo(WorkerEnvStatus.Source.SECRET_STORE);

        assertThat(host.setSecret("echo", "API_KEY", SecretValue.of("second-s3cr3t-value")))
                .containsExactly("echo");
        long secondPid = pid(host, "echo");
        assertThat(secondPid).isNotEqualTo(firstPid);
        assertThat(Workers.environ(secondPid).orElseThrow()).contains("API_KEY=second-s3cr3t-value");
        host.execute("echo", Call.kwargs(Map.of("text", "hi")));
        host.close();

        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f.toString())
                        .doesNotContain("s3cr3t");
            }
        }
    }

    @Test
    void aReloadTakesASpareWorkerAndANewSecretNeverMeetsAStaleSpare() throws Exception {
        ExampleManifests.java(manifests(), "echo.json", "echo", ExampleManifests.ECHO_SCHEMA + """
                , "worker_env": [{"name": "API_KEY", "secret": true, "required": true, "label": "API key"}]""", "", "null");
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(
                LauncherSettings.from(key -> key.equals("cordon.worker.spares") ? "1" : System.getProperty(key)));
        launchers.add(launcher);
        PluginHost host = host(settings(), new InMemoryConfigStore(), new PermissiveScheduler(), launcher);
        host.setSecret("echo", "API_KEY", SecretValue.of("first-key"));
        host.load(new PluginLoadSpec(
                "echo", manifests().resolve("echo.json"), Optional.empty(), false, Optional.of(Map.of("prefix", ">"))));
        long firstPid = pid(host, "echo");
        await().atMost(WAIT).until(() -> launcher.sparesReady() == 1);
        long spare = Workers.childWorkers().stream()
                .filter(p -> p != firstPid)
                .findFirst()
                .orElseThrow();
        SEEN.add(spare);

        host.reload("echo");

        assertThat(pid(host, "echo")).as("the reload runs on the spare").isEqualTo(spare);
        assertThat(host.execute("echo", Call.args("x")))
                .as("initialized with the instance's config")
                .isEqualTo(Map.of("args", List.of(">x"), "kwargs", Map.of()));
        await().atMost(WAIT).until(() -> launcher.sparesReady() == 1);
        long staleSpare = Workers.childWorkers().stream()
                .filter(p -> p != spare)
                .findFirst()
                .orElseThrow();
        SEEN.add(staleSpare);

        host.setSecret("echo", "API_KEY", SecretValue.of("second-key"));

        long rotated = pid(host, "echo");
        assertThat(rotated).isNotIn(spare, staleSpare);
        assertThat(Workers.environ(rotated).orElseThrow()).contains("API_KEY=second-key");
        await().atMost(WAIT).until(() -> !Workers.running(staleSpare));
    }

    @Test
    void aRefusedCallStopsTheSpareWorkersBeforeEvictingAnyInstance() throws Exception {
        ExampleManifests.java(manifests(), "echo");
        ExampleManifests.java(manifests(), "streamer");
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(
                LauncherSettings.from(key -> key.equals("cordon.worker.spares") ? "1" : System.getProperty(key)));
        launchers.add(launcher);
        PluginHost host = host(
                settings(),
                new InMemoryConfigStore(),
                new LiveWorkerLimit(2, () -> (long) Workers.childWorkers().size()),
                launcher);
        host.ensureLoaded("echo");
        host.ensureLoaded("streamer");
        long echo = pid(host, "echo");
        long streamer = pid(host, "streamer");
        await().atMost(WAIT).until(() -> launcher.sparesReady() == 2);
        Workers.childWorkers().forEach(SEEN::add);

        assertThat(host.execute("echo", Call.kwargs(Map.of())))
                .as("runs once the spares are gone")
                .isEqualTo(Map.of("args", List.of(), "kwargs", Map.of()));

        assertThat(host.instances()).extracting(PluginInstance::instanceId).containsExactly("echo", "streamer");
        assertThat(Workers.childWorkers()).containsExactlyInAnyOrder(echo, streamer);
        assertThat(launcher.sparesReady()).isZero();
    }

    @Test
    void aResourceErrorIsRetriedOnAFreshWorkerUpToTheMaximum() throws IOException {
        ExampleManifests.java(manifests(), "memhog.json", "memhog", "", ", \"jvm_args\": [\"-Xmx48m\"]", "null");
        PluginHost host = host(settings().withMaxRetries(2), new InMemoryConfigStore(), new PermissiveScheduler());
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        Set<Long> pids = ConcurrentHashMap.newKeySet();
        host.onRetry(r -> {
            attempts.add(r.attempt());
            pids.add(pid(host, r.instanceId()));
        });
        List<dev.cordon.api.host.CallRetry> heard = new CopyOnWriteArrayList<>();
        var listening = host.onRetry(heard::add);
        host.ensureLoaded("memhog");
        long firstPid = pid(host, "memhog");

        assertThat(host.execute("memhog", Call.kwargs(Map.of("mb", 8L)))).isEqualTo(Map.of("allocated_mb", 8L));
        assertThatThrownBy(() -> host.execute("memhog", Call.kwargs(Map.of()))).isInstanceOf(PluginResourceError.class);

        assertThat(attempts).containsExactly(1, 2);
        assertThat(heard)
                .as("the public retry events")
                .extracting(r -> r.instanceId() + "#" + r.attempt() + "/" + r.maxRetries())
                .containsExactly("memhog#1/2", "memhog#2/2");
        assertThat(heard).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
        listening.close();
        assertThat(pids).contains(firstPid).hasSize(2);
        assertThat(pid(host, "memhog"))
                .as("the last retry ran on a fresh worker too")
                .isNotIn(pids);
        assertThat(host.execute("memhog", Call.kwargs(Map.of("mb", 8L)))).isEqualTo(Map.of("allocated_mb", 8L));
    }

    @Test
    void aRefusedCallEvictsTheLeastRecentlyUsedIdleInstanceAndRuns() throws Exception {
        ExampleManifests.java(manifests(), "memhog");
        ExampleManifests.java(manifests(), "echo");
        ExampleManifests.java(manifests(), "streamer");
        AtomicReference<PluginHost> self = new AtomicReference<>();
        PluginHost host = host(settings(), new InMemoryConfigStore(), new LiveWorkerLimit(2, () -> {
            PluginHost h = self.get();
            return h.instances().stream()
                    .map(i -> h.stats(i.instanceId()).orElseThrow().pid())
                    .filter(Workers::running)
                    .count();
        }));
        self.set(host);
        host.ensureLoaded("memhog");
        host.ensureLoaded("echo");
        pid(host, "memhog");
        pid(host, "echo");
        host.execute("memhog", Call.kwargs(Map.of("mb", 8L)));
        host.execute("echo", Call.kwargs(Map.of()));
        host.ensureLoaded("streamer");
        pid(host, "streamer");

        assertThat(host.execute("streamer", Call.kwargs(Map.of("n", 2L))))
                .isEqualTo(List.of(Map.of("i", 0L), Map.of("i", 1L)));

        assertThat(host.instances()).extracting(PluginInstance::instanceId).containsExactly("echo", "streamer");
    }

    @Test
    void theConcurrencyCapHoldsCallsBeyondItUntilASlotFrees() throws Exception {
        ExampleManifests.java(manifests(), "slow");
        PluginHost host = host();
        host.ensureLoaded("slow");
        pid(host, "slow");
        Call call = Call.kwargs(Map.of("steps", 10L, "step_seconds", 0.05));

        List<CompletableFuture<Object>> uncapped =
                List.of(host.executeAsync("slow", call), host.executeAsync("slow", call));
        await().atMost(WAIT).until(() -> host.stats("slow").orElseThrow().inFlight() == 2);
        CompletableFuture.allOf(uncapped.toArray(CompletableFuture[]::new)).get();

        host.setMaxConcurrentRequests("slow", OptionalInt.of(1));
        List<CompletableFuture<Object>> capped = List.of(
                host.executeAsync("slow", call), host.executeAsync("slow", call), host.executeAsync("slow", call));
        AtomicInteger most = new AtomicInteger();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
            most.accumulateAndGet(host.stats("slow").orElseThrow().inFlight(), Math::max);
            return capped.stream().allMatch(CompletableFuture::isDone);
        });
        assertThat(most.get()).isEqualTo(1);
        assertThat(capped).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(host.stats("slow").orElseThrow().calls()).isEqualTo(5);
    }

    /**
     * A policy that admits an execution only while at most {@code limit} of its host's workers run, counted from
     * the live processes; it stands for any policy that refuses until memory is freed.
     */
    /** Refuses every call while more than {@code limit} workers run, as {@code live} counts them. */
    private static final class LiveWorkerLimit implements ResourceScheduler {
        private final int limit;
        private final java.util.function.Supplier<Long> live;
        private final AtomicLong ids = new AtomicLong();

        LiveWorkerLimit(int limit, java.util.function.Supplier<Long> live) {
            this.limit = limit;
            this.live = live;
        }

        private long live() {
            return live.get();
        }

        @Override
        public String policyName() {
            return "live-worker-limit";
        }

        @Override
        public Decision decide(ExecutionRequest request) {
            long live = live();
            return live <= limit ? Decision.Allow.ANY : new Decision.Block(live + " workers run, at most " + limit);
        }

        @Override
        public java.util.concurrent.CompletionStage<Allocation> acquire(
                ExecutionRequest request, BlockListener listener) {
            Decision d = decide(request);
            if (d instanceof Decision.Block b) {
                return CompletableFuture.failedFuture(
                        new SchedulingRefusedException(policyName(), request, b.reason(), false));
            }
            return CompletableFuture.completedFuture(new Allocation(
                    ids.incrementAndGet(), policyName(), request, Instant.now(), 0, 0, OptionalInt.empty()));
        }

        @Override
        public void release(Allocation allocation) {
            // Nothing is reserved: the decision reads the live processes.
        }

        @Override
        public List<Allocation> active() {
            return List.of();
        }
    }

    private static List<Object> collect(Flow.Publisher<Object> publisher) throws Exception {
        return Published.collect(publisher).get();
    }
}
