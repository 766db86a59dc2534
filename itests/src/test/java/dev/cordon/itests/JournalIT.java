package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.JobQueue;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.Composition;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import dev.cordon.api.store.LogEntry;
import dev.cordon.api.store.LogLevel;
import dev.cordon.api.store.LogQuery;
import dev.cordon.api.store.LogRecord;
import dev.cordon.api.store.SecretValue;
import dev.cordon.boot.CordonRuntime;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.jobs.compose.CompositionSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal and the diagnostics store of a real runtime on real workers (Java and Python), one runtime for the
 * methods, in order: a job's story through a forced cancel and the worker's reload; a job's log lines by
 * its id from both workers; retention changed live deleting exactly what it should; every record kind from what the
 * runtime did, with no secret value anywhere in the database; and a second process's {@code cordon:journal --job} and
 * {@code cordon:logs --job} reading what the first one wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JournalIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private Path home;
    private CordonRuntime cordon;
    private JobQueue queue;
    private PluginManager plugins;
    private JournalStore journal;
    private DiagnosticStore diagnostics;
    private Path hogManifest;
    private String stubbornJob;
    private String echoJob;
    private final String secret = "journal-it-secret-" + UUID.randomUUID();

    @BeforeAll
    void start() throws Exception {
        home = Distribution.copyTo(dir.resolve("cordon"));
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/dev.cordon.jobs.cfg"), "cancel.timeout.ms=1000\nmax.running=1\n");
        Files.writeString(home.resolve("etc/dev.cordon.diagnostics.cfg"), "poll.interval.ms=100\n");
        // The safety policy refuses what cannot fit, so the memory-hungry plugin below is refused at once.
        Files.writeString(home.resolve("etc/dev.cordon.scheduler.cfg"), "scheduler.target=(policy.name=safety)\n");
        Path manifests = home.resolve("data/manifests");
        ExampleManifests.java(manifests, "stubborn");
        // A plugin whose manifest records a wrong schema hash (drift) and that needs more memory than any machine has
        // (refused: spares stopped, idle instances evicted, the call blocked).
        hogManifest = ExampleManifests.java(
                manifests,
                "configdemo.json",
                "configdemo",
                """
                , "resources": {"requires_gpu": false, "platforms": [], "accelerators": ["cpu"],
                                "min_system_ram_mb": 1000000000},
                  "config_schema": {"type": "object", "properties": {"workspace": {"type": "string"}}}""",
                "",
                "\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"");
        cordon = CordonRuntime.builder()
                .home(home)
                .bundlesDir(home.resolve("bundles"))
                .property("cordon.worker.lib", home.resolve("lib/worker").toString())
                .property("cordon.plugins.paths", home.resolve("examples/manifests") + "," + manifests)
                .property("cordon.worker.spares", "1")
                .start();
        plugins = cordon.plugins(Duration.ofSeconds(30));
        queue = cordon.jobs(Duration.ofSeconds(30));
        journal = cordon.service(JournalStore.class, Duration.ofSeconds(30));
        diagnostics = cordon.service(DiagnosticStore.class, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (cordon != null) {
            cordon.close();
        }
    }

    private Job ended(Job job) throws Exception {
        return queue.completion(job.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private List<JournalRecord> records(JournalQuery q) {
        return journal.query(q.withLimit(JournalQuery.MAX_LIMIT)).stream()
                .map(JournalEntry::record)
                .toList();
    }

    private static List<String> details(List<JournalRecord> rs, JournalKind kind, String key) {
        return rs.stream()
                .filter(r -> r.kind() == kind)
                .map(r -> r.detail().get(key))
                .toList();
    }

    @Test
    @Order(1)
    void aForcedCancelIsJournaledWithTheWorkerStoppedAndAFreshOneStarted() throws Exception {
        Job stubborn = queue.submit("stubborn", Call.kwargs(Map.of("seconds", 120L)), 0);
        stubbornJob = stubborn.id();
        await().atMost(WAIT)
                .until(() -> queue.job(stubborn.id()).orElseThrow().status() == JobStatus.RUNNING
                        && plugins.stats("stubborn").isPresent());
        long pid = plugins.stats("stubborn").orElseThrow().pid();
        Job next = queue.submit("stubborn", Call.kwargs(Map.of("seconds", 0L)), 0);
        queue.cancel(stubborn.id());
        assertThat(ended(stubborn).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(ended(next).status()).isEqualTo(JobStatus.COMPLETED);

        await().atMost(WAIT).untilAsserted(() -> {
            List<JournalRecord> job = records(JournalQuery.all().withJob(stubborn.id()));
            assertThat(details(job, JournalKind.JOB_TRANSITION, "to")).containsSubsequence("running", "cancelled");
            assertThat(details(job, JournalKind.JOB_CANCEL_PHASE, "to"))
                    .containsSubsequence("cooperative", "force", "reloading", "completed");
            assertThat(job)
                    .allSatisfy(r -> assertThat(r.instanceId()).isEqualTo("stubborn"))
                    .allSatisfy(r -> assertThat(r.plugin()).isEqualTo("stubborn"));
            List<JournalRecord> worker = records(JournalQuery.all().withInstance("stubborn"));
            assertThat(worker)
                    .anySatisfy(r -> {
                        assertThat(r.kind()).isEqualTo(JournalKind.WORKER_EXITED);
                        assertThat(r.detail()).containsEntry("pid", Long.toString(pid));
                    })
                    .anySatisfy(r -> assertThat(r.kind()).isEqualTo(JournalKind.WORKER_SPAWNED));
            assertThat(details(records(JournalQuery.all().withJob(next.id())), JournalKind.JOB_TRANSITION, "to"))
                    .containsSubsequence("running", "completed");
        });
    }

    @Test
    @Order(2)
    void aJobsLogLinesAreFoundByItsIdFromAJavaAndAPythonWorker() throws Exception {
        Job echo = ended(queue.submit("echo", Call.kwargs(Map.of("text", "x", "log", "journal-it-java-line")), 0));
        Job slow = ended(queue.submit("py-slow", Call.kwargs(Map.of("steps", 1L, "step_seconds", 0.0)), 0));
        Job other = ended(queue.submit("echo", Call.kwargs(Map.of("text", "y", "log", "journal-it-other-line")), 0));
        echoJob = echo.id();
        assertThat(List.of(echo.status(), slow.status(), other.status())).containsOnly(JobStatus.COMPLETED);

        await().atMost(WAIT).untilAsserted(() -> {
            List<LogRecord> java = lines(LogQuery.all().withJob(echo.id()));
            assertThat(java).isNotEmpty().allSatisfy(l -> {
                assertThat(l.jobId()).isEqualTo(echo.id());
                assertThat(l.instanceId()).isEqualTo("echo");
            });
            assertThat(java).anySatisfy(l -> {
                assertThat(l.line()).contains("journal-it-java-line");
                assertThat(l.level()).isEqualTo(LogLevel.INFO);
            });
            assertThat(java).noneSatisfy(l -> assertThat(l.line()).contains("journal-it-other-line"));
            List<LogRecord> python = lines(LogQuery.all().withJob(slow.id()));
            assertThat(python)
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l.plugin()).isEqualTo("py-slow"))
                    .anySatisfy(l -> assertThat(l.line()).contains("working in 1 steps"));
        });
        assertThat(lines(LogQuery.all().withJob(echo.id()).withLevels(LogLevel.ERROR.andAbove())))
                .isEmpty();
    }

    private List<LogRecord> lines(LogQuery q) {
        return diagnostics.query(q.withLimit(JournalQuery.MAX_LIMIT)).stream()
                .map(LogEntry::record)
                .toList();
    }

    @Test
    @Order(3)
    void retentionChangedLiveDeletesOldLinesAndTrimsTheOversizedPluginOnly() throws Exception {
        Instant now = Instant.now();
        List<LogRecord> old = new ArrayList<>();
        List<LogRecord> big = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(new LogRecord(
                    now.minus(Duration.ofDays(3)), "aged", "aged", LogLevel.INFO, null, null, null, "old " + i));
            big.add(new LogRecord(now, "big", "big", LogLevel.INFO, null, null, null, "0123456789".repeat(10) + i));
        }
        diagnostics.appendAll(old);
        diagnostics.appendAll(big);
        long echoLines = lines(LogQuery.all().withPlugin("echo")).size();

        Files.writeString(
                home.resolve("etc/dev.cordon.diagnostics.cfg"),
                "poll.interval.ms=100\nretention.max.age=2d\nretention.max.bytes.per.plugin=0\n"
                        + "retention.plugin.limits=big=250\n");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(lines(LogQuery.all().withPlugin("aged"))).isEmpty();
            assertThat(lines(LogQuery.all().withPlugin("big"))).containsExactlyElementsOf(big.subList(3, 5));
        });
        assertThat(lines(LogQuery.all().withPlugin("echo")).size()).isGreaterThanOrEqualTo((int) echoLines);
    }

    @Test
    @Order(4)
    void everyKindOfRecordComesFromWhatTheRuntimeDidAndNoSecretValueReachesTheDatabase() throws Exception {
        // A reload takes the spare the launcher keeps for echo once it has started.
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            plugins.reload("echo");
            return !records(JournalQuery.all().withInstance("echo").withKinds(EnumSet.of(JournalKind.SPARE_TAKEN)))
                    .isEmpty();
        });
        plugins.setSecret("echo", "JOURNAL_IT_TOKEN", SecretValue.of(secret));
        plugins.deleteSecret("echo", "JOURNAL_IT_TOKEN");
        plugins.load(new PluginLoadSpec(
                "configdemo", hogManifest, Optional.of("configdemo"), false, Optional.of(Map.of("workspace", "w"))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plugins.execute("configdemo", Call.kwargs(Map.of())))
                .isInstanceOf(PluginError.class);
        Files.delete(hogManifest);
        plugins.discover();
        // A resource error is run again on a fresh worker, up to the manager's two retries, and then fails.
        Job retried = ended(queue.submit(
                "py-errors", Call.kwargs(Map.of("category", "resource", "message", "journal-it needs more")), 0));
        assertThat(retried.status()).isEqualTo(JobStatus.FAILED);
        // A two-node composition, the second node taking the first one's result.
        CompositionSpec chain = CompositionSpec.from(PlainJson.parse("""
                {"nodes": [{"id": "first", "plugin": "echo", "kwargs": {"text": "a"}},
                           {"id": "second", "plugin": "echo",
                            "kwargs": {"got": {"$ref": "first", "path": "/kwargs/text"}}}]}
                """));
        Composition composed = queue.submitComposition(chain.nodes(), chain.mode(), chain.priority());
        assertThat(queue.compositionCompletion(composed.id())
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS)
                        .status())
                .isEqualTo(JobStatus.COMPLETED);

        await().atMost(WAIT).untilAsserted(() -> {
            Set<JournalKind> seen = records(JournalQuery.all()).stream()
                    .map(JournalRecord::kind)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(JournalKind.class)));
            assertThat(seen).containsAll(EnumSet.allOf(JournalKind.class));
        });
        assertThat(details(records(JournalQuery.all().withJob(retried.id())), JournalKind.JOB_RETRY, "attempt"))
                .containsExactly("1", "2");
        List<JournalRecord> secrets =
                records(JournalQuery.all().withKinds(EnumSet.of(JournalKind.SECRET_SET, JournalKind.SECRET_REMOVED)));
        assertThat(secrets).extracting(r -> r.detail().get("name")).containsOnly("JOURNAL_IT_TOKEN");
        assertThat(records(JournalQuery.all().withKinds(EnumSet.of(JournalKind.PLUGIN_DRIFTED))))
                .extracting(JournalRecord::plugin)
                .contains("configdemo");
        assertThat(records(JournalQuery.all().withKinds(EnumSet.of(JournalKind.EVICTION))))
                .allSatisfy(r -> assertThat(r.detail()).containsEntry("for_instance", "configdemo"));

        assertThat(records(JournalQuery.all().withKinds(EnumSet.of(JournalKind.WORKER_EXITED))))
                .extracting(r -> r.detail().get("cause"))
                .contains("stopped", "killed");

        cordon.close();
        cordon = null;
        try (Stream<Path> files = Files.walk(home.resolve("data"))) {
            List<Path> leaks = files.filter(Files::isRegularFile)
                    .filter(f -> contains(f, secret))
                    .toList();
            assertThat(leaks)
                    .as("files under data/ holding the secret value")
                    .allSatisfy(f -> assertThat(f.toString()).contains("secrets"));
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    @Order(5)
    void aSecondProcessTellsTheJobsStoryAndFindsItsLinesFromTheShell() throws Exception {
        if (cordon != null) {
            cordon.close();
            cordon = null;
        }
        CordonProcess.Result r = CordonProcess.run(
                home,
                120,
                "shell",
                "-c",
                "cordon:journal --job " + stubbornJob + " --json",
                "-c",
                "cordon:logs --job " + echoJob + " --json");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<JsonElement> outputs = new ArrayList<>();
        var reader = new com.google.gson.stream.JsonReader(new java.io.StringReader(r.stdout()));
        reader.setLenient(true);
        while (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
            outputs.add(JsonParser.parseReader(reader));
        }
        JsonArray story = outputs.get(0).getAsJsonArray();
        List<String> kinds = new ArrayList<>();
        for (JsonElement e : story) {
            JsonObject o = e.getAsJsonObject();
            String kind = o.get("kind").getAsString();
            JsonObject detail = o.getAsJsonObject("detail");
            kinds.add(detail.has("to") ? kind + ":" + detail.get("to").getAsString() : kind);
        }
        assertThat(kinds)
                .containsSubsequence(
                        "job_transition:running",
                        "job_cancel_phase:cooperative",
                        "job_cancel_phase:force",
                        "job_cancel_phase:reloading",
                        "job_cancel_phase:completed",
                        "job_transition:cancelled")
                .contains("worker_exited", "worker_spawned", "worker_ready");
        JsonArray lines = outputs.get(1).getAsJsonArray();
        assertThat(lines).isNotEmpty();
        for (JsonElement l : lines) {
            assertThat(l.getAsJsonObject().get("job_id").getAsString()).isEqualTo(echoJob);
        }
    }
}
