package dev.cordon.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cordon.api.store.EmpiricalResourceRecord;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.ResourceSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link EmpiricalResourceStore} must do; each implementation runs it through a subclass. */
public abstract class EmpiricalResourceStoreContract {

    private static final String HASH = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    private static final Instant T0 = Instant.parse("2026-11-22T04:50:36.992452Z");

    private EmpiricalResourceStore store;

    /** A new, empty store. */
    protected abstract EmpiricalResourceStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void close() throws Exception {
        if (store instanceof AutoCloseable c) {
            c.close();
        }
    }

    static ResourceSample sample(
            String instance,
            boolean success,
            double cpu,
            double memory,
            Double gpu,
            double duration,
            Map<String, Double> usage,
            Instant at) {
        return new ResourceSample(
                instance,
                "plugin-of-" + instance,
                HASH,
                success,
                cpu,
                memory,
                gpu == null ? OptionalDouble.empty() : OptionalDouble.of(gpu),
                duration,
                usage,
                at);
    }

    @Test
    void noRecordBeforeTheFirstSample() {
        assertThat(store.get("i1", HASH)).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void firstSampleBecomesTheRecord() {
        store.record(sample("i1", true, 50, 100, 300.0, 2, Map.of("tokens", 10.0), T0));
        EmpiricalResourceRecord r = store.get("i1", HASH).orElseThrow();
        assertThat(r)
                .isEqualTo(new EmpiricalResourceRecord(
                        "i1", "plugin-of-i1", HASH, 1, 1, 50, 100, 100, 300, 300, 2, Map.of("tokens", 10.0), T0));
        assertThat(r.successRate()).isEqualTo(1.0);
    }

    @Test
    void aggregatesAreMeansMaximaCountsAndSums() {
        store.record(sample("i1", true, 10, 100, 1000.0, 1, Map.of("in", 5.0), T0));
        store.record(sample("i1", false, 20, 400, null, 2, Map.of("in", 7.0, "out", 1.0), T0.plusSeconds(5)));
        store.record(sample("i1", true, 60, 250, 500.0, 6, Map.of(), T0.plusSeconds(2)));
        EmpiricalResourceRecord r = store.get("i1", HASH).orElseThrow();
        assertThat(r.sampleCount()).isEqualTo(3);
        assertThat(r.successCount()).isEqualTo(2);
        assertThat(r.successRate()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.cpuPercentMean()).isCloseTo(30, within(1e-9));
        assertThat(r.memoryMbPeakMean()).isCloseTo(250, within(1e-9));
        assertThat(r.memoryMbPeakMax()).isEqualTo(400);
        // The sample without a GPU measurement counts as 0 MB, as in the original.
        assertThat(r.gpuMemoryMbPeakMean()).isCloseTo(500, within(1e-9));
        assertThat(r.gpuMemoryMbPeakMax()).isEqualTo(1000);
        assertThat(r.durationSecondsMean()).isCloseTo(3, within(1e-9));
        assertThat(r.apiUsageTotals())
                .containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("in", 12.0, "out", 1.0)));
        assertThat(r.lastObserved()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void recordAllFoldsEverySampleInOrder() {
        store.recordAll(List.of(
                sample("a", true, 10, 10, null, 1, Map.of("pages", 1.0), T0),
                sample("b", true, 30, 30, null, 3, Map.of(), T0),
                sample("a", false, 30, 50, null, 3, Map.of("pages", 2.0), T0.plusSeconds(1))));
        EmpiricalResourceRecord a = store.get("a", HASH).orElseThrow();
        assertThat(a.sampleCount()).isEqualTo(2);
        assertThat(a.cpuPercentMean()).isCloseTo(20, within(1e-9));
        assertThat(a.apiUsageTotals()).containsEntry("pages", 3.0);
        assertThat(store.get("b", HASH).orElseThrow().sampleCount()).isEqualTo(1);
    }

    @Test
    void keysSeparateInstancesAndConfigHashes() {
        store.record(sample("i1", true, 10, 10, null, 1, Map.of(), T0));
        store.record(new ResourceSample(
                "i1", "plugin-of-i1", "sha256:other", true, 90, 10, OptionalDouble.empty(), 1, Map.of(), T0));
        assertThat(store.get("i1", HASH).orElseThrow().cpuPercentMean()).isEqualTo(10);
        assertThat(store.get("i1", "sha256:other").orElseThrow().cpuPercentMean())
                .isEqualTo(90);
        assertThat(store.list()).extracting(EmpiricalResourceRecord::configHash).containsExactly(HASH, "sha256:other");
    }

    @Test
    void listForPluginKeepsOnlyThatPlugin() {
        store.record(sample("b", true, 1, 1, null, 1, Map.of(), T0));
        store.record(sample("a", true, 1, 1, null, 1, Map.of(), T0));
        assertThat(store.list()).extracting(EmpiricalResourceRecord::instanceId).containsExactly("a", "b");
        assertThat(store.listForPlugin("plugin-of-b"))
                .extracting(EmpiricalResourceRecord::instanceId)
                .containsExactly("b");
        assertThat(store.listForPlugin("nobody")).isEmpty();
    }

    @Test
    void deleteRemovesTheRecordAndSaysWhetherThereWasOne() {
        store.record(sample("i1", true, 1, 1, null, 1, Map.of(), T0));
        assertThat(store.delete("i1", HASH)).isTrue();
        assertThat(store.delete("i1", HASH)).isFalse();
        assertThat(store.get("i1", HASH)).isEmpty();
    }

    @Test
    void concurrentRecordersLoseNoSample() throws Exception {
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        ResourceSample s = sample(
                                i % 2 == 0 ? "even" : "odd",
                                thread % 2 == 0,
                                thread,
                                100 + i,
                                null,
                                1,
                                Map.of("calls", 1.0),
                                T0.plusMillis(i));
                        if (i % 10 == 0) {
                            store.recordAll(List.of(s));
                        } else {
                            store.record(s);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        EmpiricalResourceRecord even = store.get("even", HASH).orElseThrow();
        EmpiricalResourceRecord odd = store.get("odd", HASH).orElseThrow();
        assertThat(even.sampleCount() + odd.sampleCount()).isEqualTo((long) threads * perThread);
        assertThat(even.successCount() + odd.successCount()).isEqualTo((long) threads / 2 * perThread);
        assertThat(even.apiUsageTotals().get("calls") + odd.apiUsageTotals().get("calls"))
                .isEqualTo((double) threads * perThread);
        assertThat(even.cpuPercentMean()).isCloseTo(3.5, within(1e-9));
        assertThat(odd.memoryMbPeakMax()).isEqualTo(100 + perThread - 1);
    }
}
