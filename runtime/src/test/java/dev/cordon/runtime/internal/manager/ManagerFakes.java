package dev.cordon.runtime.internal.manager;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SchedulingRefusedException;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.store.EmpiricalResourceRecord;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.ResourceSample;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.Manifests;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Test doubles behind the manager's SPIs (launcher, worker handle, scheduling policy, resource store), so that
 * admission, eviction and retry are tested without a process; the real implementations have their own tests.
 */
public final class ManagerFakes {

    private ManagerFakes() {}

    /** A plugin read from a minimal manifest written into {@code dir}. */
    static DiscoveredPlugin plugin(Path dir, String name) throws IOException {
        return plugin(dir, name, "{}");
    }

    /** A plugin read from a minimal manifest with this {@code overrides} section (JSON text). */
    static DiscoveredPlugin plugin(Path dir, String name, String overrides) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, """
                {"format_version": "2.0",
                 "install": {"python_path": "/usr/bin/python3", "runtime": "python"},
                 "code": {"name": "%s", "version": "1.0.0", "description": "a fake", "module": "m", "class": "C",
                          "interface": "pkg.Iface"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": %s}
                """.formatted(name, overrides));
        Manifest manifest = Manifests.read(file);
        return new DiscoveredPlugin(Manifests.toMeta(manifest), manifest, file, false);
    }

    /** An instance on a fake worker, enabled, created at the clock's instant. */
    static LoadedInstance instance(DiscoveredPlugin plugin, String id, OptionalInt cap, Clock clock) {
        return new LoadedInstance(
                id,
                plugin,
                new FakeHandle(id),
                null,
                InstanceConfig.of(Map.of()),
                true,
                cap,
                clock,
                s -> s.onDisableRan());
    }

    /** A clock that moves only when told. */
    static final class TestClock extends Clock {
        private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    /** A worker that is "running" until stopped. */
    static final class FakeHandle implements WorkerHandle {
        private static final AtomicLong PIDS = new AtomicLong(40_000);
        private final String instanceId;
        private final long pid = PIDS.incrementAndGet();
        private final AtomicBoolean alive = new AtomicBoolean(true);

        FakeHandle(String instanceId) {
            this.instanceId = instanceId;
        }

        @Override
        public String instanceId() {
            return instanceId;
        }

        @Override
        public RuntimeKind runtime() {
            return RuntimeKind.PYTHON;
        }

        @Override
        public URI url() {
            return URI.create("http://127.0.0.1:9");
        }

        @Override
        public Optional<String> token() {
            return Optional.empty();
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public Path logFile() {
            return Path.of(instanceId + ".log");
        }

        @Override
        public boolean isAlive() {
            return alive.get();
        }

        @Override
        public int stop(Duration grace) {
            alive.set(false);
            return 0;
        }
    }

    /** A launcher that only counts its spares; this package's tests never launch through it. */
    static final class SparesLauncher implements WorkerLauncher {
        final AtomicInteger spares;
        final AtomicInteger stopCalls = new AtomicInteger();

        SparesLauncher(int spares) {
            this.spares = new AtomicInteger(spares);
        }

        @Override
        public WorkerHandle launch(dev.cordon.api.model.PluginLoadSpec spec, LaunchOptions options) {
            throw new UnsupportedOperationException("the admission tests start no worker");
        }

        @Override
        public int stopSpares() {
            stopCalls.incrementAndGet();
            return spares.getAndSet(0);
        }
    }

    /** A policy that grants while {@code grant} says so and refuses otherwise, at once; tracks what it holds. */
    static final class ScriptedScheduler implements ResourceScheduler {
        private final BooleanSupplier grant;
        private final AtomicLong ids = new AtomicLong();
        final List<Allocation> held = new CopyOnWriteArrayList<>();
        final AtomicInteger releases = new AtomicInteger();

        ScriptedScheduler(BooleanSupplier grant) {
            this.grant = grant;
        }

        @Override
        public String policyName() {
            return "scripted";
        }

        @Override
        public dev.cordon.api.scheduling.Decision decide(ExecutionRequest request) {
            throw new UnsupportedOperationException("admission only acquires");
        }

        @Override
        public CompletionStage<Allocation> acquire(ExecutionRequest request, BlockListener listener) {
            if (!grant.getAsBoolean()) {
                return CompletableFuture.failedFuture(new SchedulingRefusedException(
                        "scripted", request, "no room for " + request.instanceId(), false));
            }
            Allocation a = new Allocation(
                    ids.incrementAndGet(), "scripted", request, Instant.now(), 0, 0, OptionalInt.empty());
            held.add(a);
            return CompletableFuture.completedFuture(a);
        }

        @Override
        public void release(Allocation allocation) {
            if (held.remove(allocation)) {
                releases.incrementAndGet();
            }
        }

        @Override
        public List<Allocation> active() {
            return List.copyOf(held);
        }
    }

    /** A store that knows only measured memory peaks, keyed by instance id, and counts its reads. */
    public static final class PeakStore implements EmpiricalResourceStore {
        private final Map<String, Double> peaks = new java.util.concurrent.ConcurrentHashMap<>();
        final List<ResourceSample> recorded = new ArrayList<>();

        /** How many times {@link #get} was called. */
        public final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        public PeakStore peak(String instanceId, double mb) {
            peaks.put(instanceId, mb);
            return this;
        }

        @Override
        public void record(ResourceSample sample) {
            recorded.add(sample);
        }

        @Override
        public void recordAll(List<ResourceSample> samples) {
            recorded.addAll(samples);
        }

        @Override
        public Optional<EmpiricalResourceRecord> get(String instanceId, String configHash) {
            reads.incrementAndGet();
            Double peak = peaks.get(instanceId);
            return peak == null
                    ? Optional.empty()
                    : Optional.of(new EmpiricalResourceRecord(
                            instanceId, "p", configHash, 1, 1, 0, peak, peak, 0, 0, 0, Map.of(), Instant.now()));
        }

        @Override
        public List<EmpiricalResourceRecord> list() {
            return List.of();
        }

        @Override
        public List<EmpiricalResourceRecord> listForPlugin(String pluginName) {
            return List.of();
        }

        @Override
        public boolean delete(String instanceId, String configHash) {
            return false;
        }
    }
}
