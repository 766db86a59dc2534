package dev.cordon.runtime.internal.manager;

import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.ResourceSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Records one measured resource sample per call without touching the caller's latency: the execute path only offers
 * a small fact (instance, worker pid, outcome, duration) to a bounded queue; the {@code cordon-manager-samples}
 * thread measures the worker through the {@link SystemMonitor} (procfs: memory and CPU of the worker's process tree)
 * and writes the samples in batches with {@link EmpiricalResourceStore#recordAll}. When the queue is full the fact is
 * dropped and counted, never waited for.
 */
final class SampleRecorder implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SampleRecorder.class);
    private static final int CAPACITY = 65_536;
    private static final int BATCH = 4096;
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long GATHER_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    /** What the execute path knows about one finished call. */
    record CallFact(String instanceId, String pluginName, String configHash, long pid, boolean success,
            long durationNanos, Instant observedAt) {}

    private final BlockingQueue<CallFact> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Supplier<EmpiricalResourceStore> store;
    private final Supplier<SystemMonitor> monitor;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closed;

    SampleRecorder(Supplier<EmpiricalResourceStore> store, Supplier<SystemMonitor> monitor) {
        this.store = store;
        this.monitor = monitor;
        this.thread = new Thread(this::run, "cordon-manager-samples");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a fact; never blocks. */
    void offer(CallFact fact) {
        if (!queue.offer(fact)) {
            dropped.incrementAndGet();
        }
    }

    /** Samples written so far. */
    long written() {
        return written.get();
    }

    /** Facts dropped because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    private void run() {
        List<CallFact> batch = new ArrayList<>(BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                CallFact first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                // Gather for a while: one measurement of each worker and one transaction per batch, so the
                // recorder costs the machine little even when calls arrive back to back. It sleeps rather than
                // waiting on the queue, so that callers' offers never wake it: a wake-up per call would cost the
                // callers more than the whole batch does.
                long deadline = System.nanoTime() + GATHER_NANOS;
                while (!closed && queue.size() < BATCH) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, GATHER_SLICE_NANOS))));
                }
                queue.drainTo(batch, BATCH - batch.size());
                write(batch);
            } catch (InterruptedException e) {
                closed = true;
            } catch (RuntimeException e) {
                LOG.warn("Could not record " + batch.size() + " resource samples: " + e, e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<CallFact> facts) {
        EmpiricalResourceStore target = store.get();
        SystemMonitor probe = monitor.get();
        if (target == null || probe == null) {
            dropped.addAndGet(facts.size());
            return;
        }
        List<ResourceSample> samples = new ArrayList<>(facts.size());
        // One measurement per worker and batch: the tree's memory and CPU are read once, not once per call.
        Map<Long, Optional<ProcessUsage>> usage = new java.util.HashMap<>();
        for (CallFact f : facts) {
            Optional<ProcessUsage> u = usage.computeIfAbsent(f.pid(), probe::processUsage);
            double rss = u.map(ProcessUsage::rssMb).orElse(0.0);
            double cpu = u.map(ProcessUsage::cpuPercent).orElse(0.0);
            OptionalDouble gpu = u.flatMap(p -> p.gpuMemoryMb().isPresent()
                    ? Optional.of((double) p.gpuMemoryMb().getAsLong()) : Optional.empty())
                    .map(OptionalDouble::of).orElse(OptionalDouble.empty());
            samples.add(new ResourceSample(f.instanceId(), f.pluginName(), f.configHash(), f.success(), cpu, rss, gpu,
                    f.durationNanos() / 1e9, Map.of(), f.observedAt()));
        }
        target.recordAll(samples);
        written.addAndGet(samples.size());
    }

    /** Writes what is queued (waiting at most a few seconds), then stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
