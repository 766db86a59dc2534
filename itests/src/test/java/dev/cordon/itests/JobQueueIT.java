package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginDisabledError;
import dev.cordon.api.error.PluginNotFoundError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.JobQueue;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Composition;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.NodeState;
import dev.cordon.api.model.NodeStatus;
import dev.cordon.boot.CordonRuntime;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.jobs.compose.CompositionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job queue of a real runtime on real workers: a job's whole life, both cancel paths (the example {@code slow}
 * honours a cancel, {@code stubborn} ignores it), typed errors at submit, and history that outlives the runtime. One
 * runtime serves the methods; each uses its own plugins' instances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobQueueIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path home;

    private CordonRuntime cordon;
    private JobQueue queue;
    private PluginManager plugins;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/dev.cordon.jobs.cfg"), "cancel.timeout.ms=1000\nmax.running=2\n");
        ExampleManifests.java(home.resolve("manifests"), "stubborn");
        cordon = runtime();
        plugins = cordon.plugins(Duration.ofSeconds(30));
        queue = cordon.jobs(Duration.ofSeconds(30));
    }

    private CordonRuntime runtime() {
        Path dist = Distribution.assembled();
        return CordonRuntime.builder()
                .home(home)
                .bundlesDir(dist.resolve("bundles"))
                .property("cordon.worker.lib", dist.resolve("lib/worker").toString())
                .property("cordon.plugins.paths", dist.resolve("examples/manifests") + "," + home.resolve("manifests"))
                .start();
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

    @Test
    void aJobOnARealWorkerCompletesWithItsResultAndStaysInTheHistoryAcrossARestart() throws Exception {
        Job done = ended(queue.submit("echo", Call.kwargs(Map.of("text", "q")), 0));

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.result()).contains(Map.of("args", List.of(), "kwargs", Map.of("text", "q")));
        assertThat(queue.history(100)).extracting(Job::id).contains(done.id());

        cordon.close();
        cordon = runtime();
        plugins = cordon.plugins(Duration.ofSeconds(30));
        queue = cordon.jobs(Duration.ofSeconds(30));
        assertThat(queue.job(done.id())).contains(done);
    }

    @Test
    void theShippedDiamondRunsOnRealJavaAndPythonWorkersAndMergesTheirResults() throws Exception {
        CompositionSpec spec = CompositionSpec.from(PlainJson.parse(
                Files.readString(Distribution.assembled().resolve("examples/compositions/diamond.json"))));
        Composition c = queue.submitComposition(spec.nodes(), spec.mode(), spec.priority());
        Composition done = queue.compositionCompletion(c.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(done.states().values()).extracting(NodeState::status).containsOnly(NodeStatus.COMPLETED);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.state("left").result()).contains(Map.of("steps", 3L));
        assertThat(done.state("right").result()).contains(Map.of("steps", 3L));
        // The two branches ran at the same time: each started before the other ended.
        Job left = queue.job(done.state("left").jobId().orElseThrow()).orElseThrow();
        Job right = queue.job(done.state("right").jobId().orElseThrow()).orElseThrow();
        assertThat(left.startedAt().orElseThrow())
                .as("left starts before right ends")
                .isBefore(right.completedAt().orElseThrow());
        assertThat(right.startedAt().orElseThrow())
                .as("right starts before left ends")
                .isBefore(left.completedAt().orElseThrow());
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = (Map<String, Object>)
                ((Map<String, Object>) done.state("merge").result().orElseThrow()).get("kwargs");
        assertThat(merged)
                .containsEntry("text", "diamond")
                .containsEntry("left_steps", 3L)
                .containsEntry("right", Map.of("steps", 3L));
        assertThat(queue.job(done.state("merge").jobId().orElseThrow())
                        .orElseThrow()
                        .kwargs())
                .isEqualTo(merged);
    }

    @Test
    void submittingToAnUnknownPluginOrADisabledInstanceFailsAtSubmit() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.submit("ehco", Call.kwargs(Map.of()), 0))
                .isInstanceOf(PluginNotFoundError.class)
                .hasMessageContaining("echo");
        plugins.bind("streamer").load(Optional.empty());
        plugins.disable("streamer");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.submit("streamer", Call.kwargs(Map.of()), 0))
                    .isInstanceOf(PluginDisabledError.class);
        } finally {
            plugins.enable("streamer");
        }
    }

    @Test
    void aPluginThatHonoursTheCancelEndsCancelledOnTheSameWorker() throws Exception {
        Job job = queue.submit("slow", Call.kwargs(Map.of("steps", 600L, "step_seconds", 0.1)), 0);
        List<JobEvent> events = collect(queue.events(job.id()));
        await().atMost(WAIT)
                .until(() -> queue.job(job.id()).orElseThrow().status() == JobStatus.RUNNING
                        && plugins.stats("slow").isPresent());
        long pid = plugins.stats("slow").orElseThrow().pid();

        assertThat(queue.cancel(job.id())).isTrue();
        Job done = ended(job);

        assertThat(done.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(done.cancelPhase()).contains(CancelPhase.COMPLETED);
        assertThat(plugins.stats("slow").orElseThrow().pid())
                .as("no forced stop")
                .isEqualTo(pid);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(phases(events)).containsExactly("cooperative", "completed"));
    }

    @Test
    void aPluginThatIgnoresTheCancelIsStoppedReloadedAndTheNextJobRunsOnTheFreshWorker() throws Exception {
        Job stubborn = queue.submit("stubborn", Call.kwargs(Map.of("seconds", 120L)), 0);
        List<JobEvent> events = collect(queue.events(stubborn.id()));
        await().atMost(WAIT)
                .until(() -> queue.job(stubborn.id()).orElseThrow().status() == JobStatus.RUNNING
                        && plugins.stats("stubborn").isPresent());
        long pid = plugins.stats("stubborn").orElseThrow().pid();
        Job next = queue.submit("stubborn", Call.kwargs(Map.of("seconds", 0L)), 0);

        assertThat(queue.cancel(stubborn.id())).isTrue();
        Job done = ended(stubborn);

        assertThat(done.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(done.error().orElseThrow().message()).contains("its worker was stopped");
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(phases(events)).containsExactly("cooperative", "force", "reloading", "completed"));
        Job after = ended(next);
        assertThat(after.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(after.result()).contains("done");
        assertThat(plugins.stats("stubborn").orElseThrow().pid())
                .as("a fresh worker")
                .isNotEqualTo(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    private static List<Object> phases(List<JobEvent> events) {
        return events.stream()
                .filter(e -> e.type() == JobEventType.CANCEL_PHASE_CHANGED)
                .map(e -> e.payload().get("to"))
                .toList();
    }

    private static List<JobEvent> collect(Flow.Publisher<JobEvent> publisher) {
        List<JobEvent> out = new CopyOnWriteArrayList<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(JobEvent item) {
                out.add(item);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
        });
        return out;
    }
}
