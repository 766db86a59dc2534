package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.spi.JobStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The futures of callers waiting for jobs to end. A job that ends here completes its future at once; one that another
 * host finishes (several hosts sharing a store) is seen by {@link #checkStore}, which the poller runs.
 */
final class Completions {

    private final JobStore store;
    private final Map<String, CompletableFuture<Job>> waiting = new ConcurrentHashMap<>();

    Completions(JobStore store) {
        this.store = store;
    }

    /** The future of a job that is known to exist and was not terminal when looked up. */
    CompletableFuture<Job> of(String jobId) {
        CompletableFuture<Job> f = waiting.computeIfAbsent(jobId, k -> new CompletableFuture<>());
        // The job may have ended between the caller's look-up and the future's creation.
        store.find(jobId).filter(j -> j.status().terminal()).ifPresent(this::ended);
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
