package dev.cordon.runtime.internal.manager;

import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.ResourceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Records one measured resource sample per call without touching the caller's latency: the execute path only offers
 * a small fact (instance, worker pid, outcome, duration, the usage the plugin reported) to a bounded queue; the
 * {@code cordon-manager-samples} thread measures the worker through the {@link SystemMonitor} (procfs: memory and CPU
 * of the worker's process tree) and writes the samples in batches with {@link EmpiricalResourceStore#recordAll}. When
 * the queue is full the fact is dropped and counted, never waited for.
 *
 * <p>Nothing taken is lost at a clean stop: {@link #flush} writes everything queued to a store that is about to go
 * away (the framework stops the store's bundle before the runtime's), and {@link #close} writes the rest; both within
 * a bound, counting what they could not write.
 */
final class SampleRecorder implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SampleRecorder.class);
    private static final int CAPACITY = 65_536;
    private static final int BATCH = 4096;
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long GATHER_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    /** The longest a stop waits for queued samples to be written. */
    static final Duration DRAIN_BOUND = Duration.ofSeconds(5);

    /** What the execute path knows about one finished call. */
    record CallFact(
            String instanceId,
            String pluginName,
            String configHash,
            long pid,
            boolean success,
            long durationNanos,
            Map<String, Double> usage,
            Instant observedAt) {

        CallFact {
            usage = Map.copyOf(usage);
        }
    }

    private final BlockingQueue<CallFact> queue = new ArrayBlockingQueue<>(CAPACITY);
    /** Facts taken off the queue and not yet written; only touched under {@link #writing}. */
    private final List<CallFact> held = new ArrayList<>(BATCH);

    private final ReentrantLock writing = new ReentrantLock();
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
        if (closed || !queue.offer(fact)) {
            dropped.incrementAndGet();
        }
    }

    /** Samples written so far. */
    long written() {
        return written.get();
    }

    /** Facts dropped: the queue was full, no store was there, or a stop ran out of time. */
    long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closed) {
            try {
                CallFact first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                writing.lock();
                try {
                    held.add(first);
                } finally {
                    writing.unlock();
                }
                gather();
                writing.lock();
                try {
                    queue.drainTo(held, BATCH - held.size());
                    write(store.get());
                } finally {
                    writing.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Could not record resource samples: " + e, e);
            }
        }
    }

    /**
     * Waits a while for more facts: one measurement of each worker and one transaction per batch, so the recorder
     * costs the machine little even when calls arrive back to back. It sleeps rather than waiting on the queue, so
     * that callers' offers never wake it: a wake-up per call would cost the callers more than the whole batch does.
     */
    private void gather() throws InterruptedException {
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (!closed && queue.size() < BATCH) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, GATHER_SLICE_NANOS))));
        }
    }

    /**
     * Writes every fact taken so far to {@code target}, now, on the caller's thread, for at most {@code bound}; what
     * is left after that is dropped and counted. Called while a departing store can still be used.
     */
    void flush(EmpiricalResourceStore target, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        boolean locked = false;
        try {
            locked = writing.tryLock(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (!locked) {
                LOG.warn("Resource samples were not flushed: the recorder stayed busy for {} ms", bound.toMillis());
                return;
            }
            do {
                queue.drainTo(held, BATCH - held.size());
                write(target);
            } while (!queue.isEmpty() && System.nanoTime() < deadline);
            int left = queue.size();
            if (left > 0) {
                queue.clear();
                dropped.addAndGet(left);
                LOG.warn("Dropped {} resource samples: writing them took longer than {} ms", left, bound.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (locked) {
                writing.unlock();
            }
        }
    }

    /** Writes and clears {@link #held}; without a store the facts are dropped and counted. */
    private void write(EmpiricalResourceStore target) {
        if (held.isEmpty()) {
            return;
        }
        try {
            if (target == null) {
                dropped.addAndGet(held.size());
                return;
            }
            List<ResourceSample> samples = samples(held, monitor.get());
            target.recordAll(samples);
            written.addAndGet(samples.size());
        } finally {
            held.clear();
        }
    }

    /** The samples of {@code facts}, measuring each worker once; without a monitor CPU and memory read 0. */
    private static List<ResourceSample> samples(List<CallFact> facts, SystemMonitor probe) {
        List<ResourceSample> samples = new ArrayList<>(facts.size());
        Map<Long, Optional<ProcessUsage>> usage = new HashMap<>();
        for (CallFact f : facts) {
            Optional<ProcessUsage> u =
                    probe == null ? Optional.empty() : usage.computeIfAbsent(f.pid(), probe::processUsage);
            double rss = u.map(ProcessUsage::rssMb).orElse(0.0);
            double cpu = u.map(ProcessUsage::cpuPercent).orElse(0.0);
            OptionalDouble gpu = u.filter(p -> p.gpuMemoryMb().isPresent())
                    .map(p -> OptionalDouble.of(p.gpuMemoryMb().getAsLong()))
                    .orElse(OptionalDouble.empty());
            samples.add(new ResourceSample(
                    f.instanceId(),
                    f.pluginName(),
                    f.configHash(),
                    f.success(),
                    cpu,
                    rss,
                    gpu,
                    f.durationNanos() / 1e9,
                    f.usage(),
                    f.observedAt()));
        }
        return samples;
    }

    /** Writes what is queued to the store there is now (within {@link #DRAIN_BOUND}), then stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(DRAIN_BOUND.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush(store.get(), DRAIN_BOUND);
    }
}
