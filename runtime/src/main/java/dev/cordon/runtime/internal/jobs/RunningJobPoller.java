package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.host.CallProgress;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The queue's periodic work, one tick every {@code progress_poll_ms}: the progress of each running job (written and
 * published when it changed), a resource snapshot every {@code snapshot_every_polls} ticks, lease renewal; and, less
 * often, taking over expired leases, pruning the history and completing waiters whose job another host finished.
 */
final class RunningJobPoller {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunningJobPoller.class);

    /** How often the history is pruned and the store checked for jobs finished elsewhere. */
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(5);

    private final JobStore store;
    private final JobTarget target;
    private final JobRunner runner;
    private final RunningJobs running;
    private final Recovery recovery;
    private final Completions completions;
    private final Supplier<QueueSettings> settings;
    private long ticks;
    private Instant lastHousekeeping = Instant.EPOCH;
    private Instant lastTakeOver = Instant.EPOCH;

    RunningJobPoller(
            JobStore store,
            JobTarget target,
            JobRunner runner,
            RunningJobs running,
            Recovery recovery,
            Completions completions,
            Supplier<QueueSettings> settings) {
        this.store = store;
        this.target = target;
        this.runner = runner;
        this.running = running;
        this.recovery = recovery;
        this.completions = completions;
        this.settings = settings;
    }

    /** One tick; never throws (a scheduled task that throws is never run again). */
    void tick() {
        try {
            QueueSettings s = settings.get();
            ticks++;
            boolean snapshot = ticks % s.snapshotEvery() == 0;
            for (RunningJob r : running.all()) {
                poll(r, snapshot);
                renew(r, s.lease());
            }
            Instant now = runner.now();
            if (Duration.between(lastTakeOver, now).compareTo(s.lease()) >= 0) {
                lastTakeOver = now;
                recovery.expired();
            }
            if (Duration.between(lastHousekeeping, now).compareTo(HOUSEKEEPING) >= 0) {
                lastHousekeeping = now;
                store.pruneHistory(s.historyLimit());
                completions.checkStore();
            }
        } catch (RuntimeException e) {
            LOG.warn("A poll of the running jobs failed: {}", e.toString(), e);
        }
    }

    private void poll(RunningJob r, boolean snapshot) {
        String instance = r.job().pluginInstanceId();
        try {
            CallProgress p = target.progress(instance);
            Job job = r.job();
            if (p.fraction() != job.progress() || !p.message().equals(job.statusMessage())) {
                Job changed = r.change(
                        j -> JobDraft.of(j).progress(p.fraction(), p.message()).build(), store);
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("progress", p.fraction());
                payload.put("status_message", p.message());
                runner.publish(changed, JobEventType.PROGRESS_CHANGED, payload);
            }
            if (snapshot) {
                Optional<Map<String, Object>> snap = target.resourceSnapshot(instance);
                if (snap.isPresent()) {
                    Job changed =
                            r.change(j -> JobDraft.of(j).snapshot(snap.get()).build(), store);
                    runner.publish(changed, JobEventType.RESOURCE_SNAPSHOT, Map.of("snapshot", snap.get()));
                }
            }
        } catch (RuntimeException e) {
            // The worker may be starting, stopping or busy being cancelled: the next tick asks again.
            LOG.debug("Progress of job {} on {} not read: {}", r.id(), instance, e.toString());
        }
    }

    /**
     * Renews the leases that are half spent; also called from a cluster host's heartbeat, so that a slow progress
     * read does not let a lease run out.
     */
    void renewLeases() {
        Duration lease = settings.get().lease();
        for (RunningJob r : running.all()) {
            renew(r, lease);
        }
    }

    private synchronized void renew(RunningJob r, Duration lease) {
        Instant now = runner.now();
        if (r.claim().leaseUntil().isAfter(now.plus(lease.dividedBy(2)))) {
            return;
        }
        Instant until = now.plus(lease);
        if (store.renew(r.claim(), until)) {
            r.renewed(r.claim().renewedUntil(until));
        } else if (running.get(r.id()).isPresent()) {
            LOG.warn(
                    "The lease on job {} was taken over by another owner; its outcome here will not be stored", r.id());
        }
    }
}
