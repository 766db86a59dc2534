package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallContext;
import dev.cordon.api.host.CallProgress;
import dev.cordon.api.host.ChunkStream;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginLoadSpec;
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
import dev.cordon.testkit.worker.Published;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python examples end to end through the plugin manager, from their shipped manifests, on real Python workers:
 * streams, progress and cancellation, every error category as its typed exception, config.
 */
class PythonPluginsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every worker pid any test saw; none may be alive after the suite. */
    private static final Set<Long> SEEN = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    private PluginHost host;
    private final InMemoryEmpiricalResourceStore resources = new InMemoryEmpiricalResourceStore();

    @BeforeEach
    void host() throws IOException {
        Path manifests = dir.resolve("manifests");
        usagePlugin(manifests, dir.resolve("py-usage"));
        for (String example : List.of("py-echo", "py-streamer", "py-slow", "py-errors")) {
            ExampleManifests.python(manifests, example);
        }
        host = new PluginHost(
                ManagerSettings.defaults(dir.resolve("data"), dir.resolve("deploy"))
                        .withSearchPaths(List.of(manifests)),
                HostServices.of(
                        new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties()),
                        new PermissiveScheduler(),
                        new InMemoryConfigStore(),
                        new InMemorySecretStore(),
                        resources,
                        new ProcSystemMonitor(
                                Path.of("/proc"), Path.of("/sys/fs/cgroup"), Optional.empty(), Duration.ofSeconds(5))));
        host.discover();
    }

    @AfterEach
    void closeHost() {
        host.close();
    }

    @AfterAll
    static void noWorkerProcessIsLeft() {
        assertThat(SEEN).isNotEmpty();
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> assertThat(SEEN.stream().filter(Workers::running).toList())
                                .isEmpty());
    }

    private void load(String plugin) {
        host.ensureLoaded(plugin);
        SEEN.add(host.stats(plugin).orElseThrow().pid());
    }

    /** A plugin that reports {@code report_usage({"tokens": n})} on every call. */
    private static void usagePlugin(Path manifests, Path code) throws IOException {
        Files.createDirectories(code);
        Files.writeString(code.resolve("py_usage.py"), """
                from cordon_plugin import CordonPlugin


                class UsagePlugin(CordonPlugin):
                    name = "py-usage"
                    version = "1.0.0"
                    description = "Reports token usage"

                    def execute(self, tokens=0):
                        self.report_usage({"tokens": float(tokens), "calls": 1.0})
                        return {"tokens": tokens}
                """);
        String manifest = Files.readString(ExampleManifests.example("py-echo").resolve("manifest.json"))
                .replace("\"env_dir\": \".\"", "\"env_dir\": \"" + code + "\"")
                .replace("\"name\": \"py-echo\"", "\"name\": \"py-usage\"")
                .replace("\"module\": \"py_echo\"", "\"module\": \"py_usage\"")
                .replace("\"class\": \"EchoPlugin\"", "\"class\": \"UsagePlugin\"")
                .replaceAll("\"config_schema_hash\": \"[^\"]*\"", "\"config_schema_hash\": null");
        Files.createDirectories(manifests);
        Files.writeString(manifests.resolve("py-usage.json"), manifest);
    }

    @Test
    void whatAPluginReportsWithReportUsageIsSummedIntoTheEmpiricalStore() {
        load("py-usage");
        String hash = host.instance("py-usage").orElseThrow().configHash();
        host.execute("py-usage", Call.kwargs(Map.of("tokens", 12L)));
        host.execute("py-usage", Call.kwargs(Map.of("tokens", 30L)));
        host.close();

        assertThat(resources.get("py-usage", hash)).hasValueSatisfying(r -> {
            assertThat(r.sampleCount()).isEqualTo(2);
            assertThat(r.apiUsageTotals()).containsEntry("tokens", 42.0).containsEntry("calls", 2.0);
        });
    }

    @Test
    void aStreamArrivesWholeAndInOrderThroughBothStreamApis() throws Exception {
        load("py-streamer");
        List<Object> pulled = new ArrayList<>();
        try (ChunkStream<Object> chunks = host.openStream("py-streamer", Call.kwargs(Map.of("n", 2000L)))) {
            chunks.forEachRemaining(pulled::add);
        }
        assertThat(pulled).hasSize(2000);
        for (int i = 0; i < pulled.size(); i++) {
            assertThat(pulled.get(i)).isEqualTo(Map.of("i", (long) i));
        }
        CompletableFuture<List<Object>> published =
                Published.collect(host.executeStream("py-streamer", Call.kwargs(Map.of("n", 3L))));
        assertThat(published.get(60, TimeUnit.SECONDS))
                .containsExactly(Map.of("i", 0L), Map.of("i", 1L), Map.of("i", 2L));
    }

    @Test
    void progressIsVisibleWhileACallRunsAndACancelEndsIt() throws Exception {
        load("py-slow");
        CompletableFuture<Object> running =
                host.executeAsync("py-slow", Call.kwargs(Map.of("steps", 1000L, "step_seconds", 0.02)));
        await().atMost(WAIT).until(() -> host.progress("py-slow").fraction() > 0);
        CallProgress progress = host.progress("py-slow");
        assertThat(progress.message()).matches("step \\d+ of 1000");
        assertThat(running).isNotDone();

        assertThat(host.cancel("py-slow")).isTrue();
        assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                .hasCauseExactlyInstanceOf(PluginCancelledError.class);
        assertThat(host.execute("py-slow", Call.kwargs(Map.of("steps", 2L, "step_seconds", 0.0))))
                .as("the instance keeps serving, and the cancel does not leak")
                .isEqualTo(Map.of("steps", 2L));
        assertThat(host.progress("py-slow")).isEqualTo(new CallProgress(1.0, "step 2 of 2"));
    }

    @Test
    void aCallsContextReachesTheWorkerAndTheJobsLinesAreReadFromTheInstanceLog() throws Exception {
        load("py-slow");
        Map<String, Object> oneStep = Map.of("steps", 1L, "step_seconds", 0.0);
        CallContext full = new CallContext(Optional.of("job-a"), Optional.of("run-1"), Optional.of("ops team"));
        host.execute("py-slow", Call.kwargs(oneStep).withContext(full));
        Published.collect(host.executeStream(
                        "py-slow",
                        Call.kwargs(Map.of("steps", 2L, "step_seconds", 0.0)).withContext(CallContext.ofJob("job-b"))))
                .get(60, TimeUnit.SECONDS);
        host.execute("py-slow", Call.kwargs(oneStep).withContext(CallContext.ofJob("job-a")));
        host.execute("py-slow", Call.kwargs(oneStep));

        List<String> jobA = host.jobLines("py-slow", "job-a", 10);
        assertThat(jobA).hasSize(2);
        assertThat(jobA.get(0)).contains("[INFO] [job=job-a run=run-1 actor=ops%20team] py_slow: working in 1 steps");
        assertThat(jobA.get(1)).contains("[INFO] [job=job-a] py_slow: working in 1 steps");
        assertThat(host.jobLines("py-slow", "job-a", 1)).containsExactly(jobA.get(1));
        assertThat(host.jobLines("py-slow", "job-b", 10))
                .singleElement()
                .asString()
                .contains("[job=job-b] py_slow: working in 2 steps");
        assertThat(host.logs("py-slow", 50))
                .as("the call without context")
                .anyMatch(l -> l.endsWith("[INFO] py_slow: working in 1 steps of 0.0 s"));
        assertThatThrownBy(() -> host.jobLines("no-such-instance", "job-a", 10))
                .isInstanceOf(PluginNotLoadedError.class);
    }

    @Test
    void everyErrorCategoryArrivesAsItsTypeOnTheExecuteAndStreamPaths() throws Exception {
        load("py-errors");
        Map<String, Class<? extends PluginError>> categories = new LinkedHashMap<>();
        categories.put("user_input", PluginInputError.class);
        categories.put("transient", PluginTransientError.class);
        categories.put("resource", PluginResourceError.class);
        categories.put("fatal", PluginFatalError.class);
        categories.put("cancelled", PluginCancelledError.class);
        categories.put("ValueError", PluginInputError.class);
        categories.put("RuntimeError", PluginFatalError.class);
        for (var entry : categories.entrySet()) {
            String category = entry.getKey();
            Class<? extends PluginError> type = entry.getValue();
            Call call = Call.kwargs(Map.of("category", category, "message", "boom", "after", 2L));
            assertThatThrownBy(() -> host.execute("py-errors", Call.kwargs(Map.of("category", category))))
                    .as(category)
                    .isExactlyInstanceOf(type);
            List<Object> pulled = new ArrayList<>();
            try (ChunkStream<Object> chunks = host.openStream("py-errors", call)) {
                assertThatThrownBy(() -> chunks.forEachRemaining(pulled::add))
                        .as(category)
                        .isExactlyInstanceOf(type);
            }
            assertThat(pulled).as(category).containsExactly(Map.of("i", 0L), Map.of("i", 1L));
            CompletableFuture<List<Object>> published = Published.collect(host.executeStream("py-errors", call));
            assertThatThrownBy(() -> published.get(60, TimeUnit.SECONDS))
                    .as(category)
                    .hasCauseExactlyInstanceOf(type);
        }
        SEEN.add(host.stats("py-errors").orElseThrow().pid());
        assertThat(host.stats("py-errors").orElseThrow().alive()).isTrue();
    }

    @Test
    void aConfiguredInstanceRunsWithItsConfig() {
        PluginInstance echo = host.load(new PluginLoadSpec(
                "py-echo",
                dir.resolve("manifests/py-echo.json"),
                Optional.empty(),
                false,
                Optional.of(Map.of("prefix", "py:"))));
        SEEN.add(host.stats(echo.instanceId()).orElseThrow().pid());
        assertThat(echo.config()).isEqualTo(Map.of("prefix", "py:"));
        assertThat(host.execute(echo.instanceId(), Call.args("x", 1L)))
                .isEqualTo(Map.of("args", List.of("py:x", 1L), "kwargs", Map.of()));
        assertThat(host.config(echo.instanceId())).containsEntry("prefix", "py:");
        assertThat(host.meta("py-echo").orElseThrow().configSchemaDrift()).isFalse();
        host.unloadAll();
        assertThat(SEEN).noneMatch(Workers::running);
    }
}
