package dev.cordon.runtime.internal.journal;

import dev.cordon.api.host.JobQueue;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Turns the queue's job events into journal records: state transitions, cancel phases, retries, block reasons (as
 * {@link JournalKind#ADMISSION_BLOCKED}) and sequence or composition advances. Progress, resource snapshots and log
 * events are left out: the diagnostics store has the lines and the samples store the usage. Each record carries the
 * job's plugin, run id and actor, read once per job from the queue and remembered for the most recent jobs.
 */
final class JobEventJournal implements Flow.Subscriber<JobEvent> {

    private static final int REMEMBERED_JOBS = 4096;

    /** What the records of one job share. */
    private record JobIds(String plugin, String runId, String actor) {}

    private final JobQueue queue;
    private final Function<String, String> pluginOfInstance;
    private final Journal journal;
    private final Map<String, JobIds> jobs = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobIds> eldest) {
            return size() > REMEMBERED_JOBS;
        }
    };
    private volatile Flow.Subscription subscription;

    /**
     * @param pluginOfInstance the plugin of an instance id, or {@code null} when unknown
     */
    JobEventJournal(JobQueue queue, Function<String, String> pluginOfInstance, Journal journal) {
        this.queue = queue;
        this.pluginOfInstance = pluginOfInstance;
        this.journal = journal;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(JobEvent e) {
        JournalKind kind = switch (e.type().wire()) {
            case "state_transition" -> JournalKind.JOB_TRANSITION;
            case "cancel_phase_changed" -> JournalKind.JOB_CANCEL_PHASE;
            case "retry_started" -> JournalKind.JOB_RETRY;
            case "block_reason_changed" -> JournalKind.ADMISSION_BLOCKED;
            case "sequence_advanced", "composition_advanced" -> JournalKind.COMPOSITION_TRANSITION;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        Map<String, String> detail = new LinkedHashMap<>();
        e.payload().forEach((k, v) -> detail.put(k, v == null ? null : String.valueOf(v)));
        if (kind == JournalKind.ADMISSION_BLOCKED) {
            detail.put("reason", detail.remove("to"));
        }
        e.sequenceId().ifPresent(id -> detail.put("sequence_id", id));
        Optional<Job> job = Optional.empty();
        JobIds ids;
        synchronized (jobs) {
            ids = jobs.get(e.jobId());
        }
        boolean failed = kind == JournalKind.JOB_TRANSITION && "failed".equals(detail.get("to"));
        if (ids == null || failed) {
            job = queue.job(e.jobId());
        }
        if (ids == null) {
            ids = new JobIds(
                    pluginOfInstance.apply(e.pluginInstanceId()),
                    job.flatMap(Job::runId).orElse(null),
                    job.flatMap(Job::actor).orElse(null));
            synchronized (jobs) {
                jobs.put(e.jobId(), ids);
            }
        }
        if (failed) {
            job.flatMap(Job::error).ifPresent(err -> {
                detail.put("error", err.message());
                detail.put("error_category", err.category().toString());
            });
        }
        journal.record(new JournalRecord(
                e.timestamp(), kind, e.pluginInstanceId(), ids.plugin(), e.jobId(), ids.runId(), ids.actor(), detail));
    }

    @Override
    public void onError(Throwable throwable) {
        // The queue went away; the component subscribes again when a queue is bound.
    }

    @Override
    public void onComplete() {
        // As onError.
    }

    /** Stops receiving events. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
