package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.spi.JobStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The futures of callers waiting for jobs to end. A job that ends here completes its future at once; one that another
 * host finishes (several hosts sharing a store) is seen by {@link #checkStore}, which the poller runs.
 */
final class Completions {

    private final JobStore store;
    private final RunningJobs running;
    private final Map<String, CompletableFuture<Job>> waiting = new ConcurrentHashMap<>();

    Completions(JobStore store, RunningJobs running) {
        this.store = store;
        this.running = running;
    }

    /**
     * The future of a job's end: completed at once when the job has ended, failed with {@code unknown} when no job
     * has this id. The future is registered before the store is read, so that a job ending in between is not missed.
     * A job this host runs is not read: its end, written here after it leaves the running jobs, completes the future.
     */
    CompletableFuture<Job> of(String jobId, Supplier<RuntimeException> unknown) {
        CompletableFuture<Job> f = waiting.computeIfAbsent(jobId, k -> new CompletableFuture<>());
        if (running.get(jobId).isPresent()) {
            return f;
        }
        Optional<Job> job = store.find(jobId);
        if (job.isEmpty()) {
            waiting.remove(jobId, f);
            f.completeExceptionally(unknown.get());
        } else if (job.get().status().terminal()) {
            ended(job.get());
        }
        return f;
    }

    void ended(Job job) {
        CompletableFuture<Job> f = waiting.remove(job.id());
        if (f != null) {
            f.complete(job);
        }
    }

    void checkStore() {
        for (String id : List.copyOf(waiting.keySet())) {
            Optional<Job> job = store.find(id);
            job.filter(j -> j.status().terminal()).ifPresent(this::ended);
        }
    }

    /** The queue stops: waiters hear it rather than waiting for their timeout. */
    void close(RuntimeException why) {
        for (String id : List.copyOf(waiting.keySet())) {
            CompletableFuture<Job> f = waiting.remove(id);
            if (f != null) {
                f.completeExceptionally(why);
            }
        }
    }
}
