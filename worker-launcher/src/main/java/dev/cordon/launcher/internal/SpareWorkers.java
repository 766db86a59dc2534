package dev.cordon.launcher.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers started ahead of need, so that a launch finds one already past its handshake instead of waiting for a
 * process to start (a Java worker's JVM takes about a third of a second here).
 *
 * <p>A spare is an ordinary worker started exactly as a launch would start it — same command line, same
 * environment (secrets included), same plugin loaded — except that it does not know its instance id yet and
 * logs to a file of its own until it is taken. Spares are kept per {@link Key}: a launch takes one only when
 * the manifest, its environment folder and the worker environment are what they were when the spare started, so
 * a spare never runs a stale plugin or stale secrets. After each launch the pool starts spares (one at a time, on
 * a thread of its own) until it holds the wanted number for that key again; spares of an older key of the same
 * manifest are stopped then. A spare that fails to start is logged and not retried until the next launch.
 * Every check period the pool also stops the spares whose manifest was removed or changed since they started
 * (an undeployed plugin keeps no spare) and forgets the ones that died.
 *
 * <p>Spares hold their host's standard-input pipe like any worker, so they exit with their host.
 */
final class SpareWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpareWorkers.class);

    /** How long {@link #close} waits for a spare being started to be stopped. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final int wanted;
    private final Map<Key, Deque<ProcessWorkerHandle>> ready = new HashMap<>();
    private final Map<Key, Integer> starting = new HashMap<>();
    /** The key of each manifest's latest launch: a spare that finishes starting under an older one is stale. */
    private final Map<Path, Key> latest = new HashMap<>();

    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cordon-spare-workers");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sequence = new AtomicLong();
    private boolean closed;

    /** A pool that keeps {@code wanted} spares per key and checks them every {@code checkEvery}. */
    SpareWorkers(int wanted, Duration checkEvery) {
        this.wanted = wanted;
        long ms = Math.max(1, checkEvery.toMillis());
        starter.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Stops the spares whose manifest is gone or changed, and forgets dead ones. */
    private void check() {
        List<ProcessWorkerHandle> stale = new ArrayList<>();
        List<ProcessWorkerHandle> dead = new ArrayList<>();
        Map<Path, Optional<String>> manifests = new HashMap<>();
        synchronized (this) {
            for (var entry : ready.entrySet()) {
                Key key = entry.getKey();
                Optional<String> now = manifests.computeIfAbsent(key.manifest(), Key::manifestDigest);
                if (now.isEmpty() || !now.get().equals(key.manifestDigest())) {
                    stale.addAll(entry.getValue());
                    entry.getValue().clear();
                } else {
                    entry.getValue().removeIf(spare -> !spare.isAlive() && dead.add(spare));
                }
            }
            ready.values().removeIf(Deque::isEmpty);
        }
        if (!stale.isEmpty()) {
            LOG.info("Stopping {} spare worker(s) whose manifest was removed or changed", stale.size());
        }
        stale.forEach(SpareWorkers::discard);
        for (ProcessWorkerHandle spare : dead) {
            LOG.warn("Spare worker pid {} had exited; discarded (see {})", spare.pid(), spare.logFile());
            spare.kill();
        }
    }

    /**
     * Takes a live spare started for {@code key}, or none; dead spares met on the way are discarded.
     */
    synchronized Optional<ProcessWorkerHandle> take(Key key) {
        Deque<ProcessWorkerHandle> queue = ready.get(key);
        while (queue != null && !queue.isEmpty()) {
            ProcessWorkerHandle spare = queue.poll();
            if (spare.isAlive()) {
                return Optional.of(spare);
            }
            LOG.warn(
                    "Spare worker pid {} of {} had exited; discarded (see {})",
                    spare.pid(),
                    key.manifest(),
                    spare.logFile());
            spare.kill();
        }
        return Optional.empty();
    }

    /**
     * Starts spares for {@code key} in the background until {@code wanted} are ready or starting, and stops the
     * spares of any other key of the same manifest.
     *
     * @param logs the folder for the spares' logs, named {@code <logPrefix><n>.log}
     * @param start starts one spare logging to the given file; it throws when the worker cannot start
     */
    void refill(Key key, Path logs, String logPrefix, Function<Path, ProcessWorkerHandle> start) {
        List<ProcessWorkerHandle> stale = new ArrayList<>();
        int missing;
        synchronized (this) {
            if (closed) {
                return;
            }
            latest.put(key.manifest(), key);
            ready.entrySet().removeIf(e -> {
                if (e.getKey().manifest().equals(key.manifest()) && !e.getKey().equals(key)) {
                    stale.addAll(e.getValue());
                    return true;
                }
                return false;
            });
            missing = wanted - ready.getOrDefault(key, new ArrayDeque<>()).size() - starting.getOrDefault(key, 0);
            if (missing > 0) {
                starting.merge(key, missing, Integer::sum);
            }
        }
        stale.forEach(SpareWorkers::discard);
        for (int i = 0; i < missing; i++) {
            try {
                Path log = logs.resolve(logPrefix + sequence.incrementAndGet() + ".log");
                starter.execute(() -> startOne(key, log, start));
            } catch (RejectedExecutionException e) {
                return;
            }
        }
    }

    private void startOne(Key key, Path log, Function<Path, ProcessWorkerHandle> start) {
        ProcessWorkerHandle spare = null;
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            spare = start.apply(log);
        } catch (RuntimeException e) {
            if (isClosed()) {
                // Stopped by close(): nothing went wrong, and the log of a start nobody wanted goes too.
                deleteLog(log);
            } else {
                LOG.warn(
                        "A spare worker of {} did not start; spares for it wait for its next launch: {}",
                        key.manifest(),
                        e.getMessage());
            }
        } finally {
            boolean keep;
            synchronized (this) {
                starting.merge(key, -1, (a, b) -> a + b == 0 ? null : a + b);
                keep = spare != null && !closed && key.equals(latest.get(key.manifest()));
                if (keep) {
                    ready.computeIfAbsent(key, k -> new ArrayDeque<>()).add(spare);
                }
            }
            if (spare != null && !keep) {
                discard(spare);
            }
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** How many spares are ready, over all keys. */
    synchronized int readyCount() {
        return ready.values().stream().mapToInt(Deque::size).sum();
    }

    /**
     * Stops every ready spare; spares being started now are kept. Later launches start spares again.
     *
     * @return how many were stopped
     */
    int stopReady() {
        List<ProcessWorkerHandle> all = new ArrayList<>();
        synchronized (this) {
            ready.values().forEach(all::addAll);
            ready.clear();
        }
        all.forEach(SpareWorkers::discard);
        return all.size();
    }

    /**
     * Stops every spare and starts no more. A spare being started is stopped too, and its log deleted, before this
     * returns (waiting at most {@link #CLOSE_WAIT}): left to the starter thread, that spare's process and log could
     * outlive the launcher that made them.
     */
    @Override
    public void close() {
        List<ProcessWorkerHandle> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            ready.values().forEach(all::addAll);
            ready.clear();
        }
        starter.shutdownNow();
        all.forEach(SpareWorkers::discard);
        try {
            if (!starter.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "A spare worker still starting was not stopped within {} ms of the launcher's close",
                        CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a spare nobody took; its log holds only its start, so it goes too. */
    private static void discard(ProcessWorkerHandle spare) {
        spare.kill();
        deleteLog(spare.logFile());
    }

    private static void deleteLog(Path log) {
        try {
            Files.deleteIfExists(log);
        } catch (java.io.IOException e) {
            LOG.debug("Cannot delete {}: {}", log, e.getMessage());
        }
    }

    /**
     * What a spare must match to stand in for a launch: the manifest file, and a digest of its bytes, of the files
     * directly in its environment folder (names, sizes, times: a reinstall changes them) and of the worker
     * environment the caller passed.
     *
     * @param manifest the manifest file, absolute and normalized
     * @param digest the digest
     */
    record Key(Path manifest, String manifestDigest, String digest) {

        private static final String UNMATCHED = "unmatched";

        /** The key of a launch. */
        static Key of(Path manifestFile, Optional<Path> envDir, Map<String, String> environment) {
            Path manifest = manifestFile.toAbsolutePath().normalize();
            try {
                byte[] bytes = Files.readAllBytes(manifest);
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                String manifestDigest = HexFormat.of().formatHex(sha.digest(bytes));
                sha.update(bytes);
                if (envDir.isPresent() && Files.isDirectory(envDir.get())) {
                    // Regular files only: folders change under a running worker (Python writes __pycache__).
                    try (Stream<Path> entries = Files.list(envDir.get())) {
                        for (Path entry :
                                entries.filter(Files::isRegularFile).sorted().toList()) {
                            sha.update((entry.getFileName() + ":" + Files.size(entry) + ":"
                                            + Files.getLastModifiedTime(entry).toMillis() + "\n")
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
                new TreeMap<>(environment).forEach((name, value) -> {
                    sha.update(name.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                    sha.update(value.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                });
                return new Key(manifest, manifestDigest, HexFormat.of().formatHex(sha.digest()));
            } catch (java.io.IOException | NoSuchAlgorithmException e) {
                // Unreadable now: a key no spare matches, so this launch starts cold and reports the real problem.
                return new Key(manifest, UNMATCHED, UNMATCHED);
            }
        }

        /** The digest of the manifest file's bytes now; none when it cannot be read (removed). */
        static Optional<String> manifestDigest(Path manifest) {
            try {
                return Optional.of(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(manifest))));
            } catch (java.io.IOException | NoSuchAlgorithmException e) {
                return Optional.empty();
            }
        }

        /** Whether a spare can ever match this key: false when the manifest or folder was unreadable. */
        boolean matchable() {
            return !digest.equals(UNMATCHED);
        }
    }
}
