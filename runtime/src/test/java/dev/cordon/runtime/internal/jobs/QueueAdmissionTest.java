package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallProgress;
import dev.cordon.api.host.CallRetry;
import dev.cordon.api.model.Job;
import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class QueueAdmissionTest {

    /**
     * A target whose plugins are discovered but none of whose instances is loaded yet, as at a host's start; it is
     * unavailable for the reason {@link #missing} holds, if any.
     */
    private static final class NothingLoaded implements JobTarget {

        final AtomicReference<String> missing = new AtomicReference<>();

        @Override
        public Optional<String> unavailable() {
            return Optional.ofNullable(missing.get());
        }

        @Override
        public void checkSubmit(String instanceId) {}

        @Override
        public Optional<InstanceView> instance(String instanceId) {
            return Optional.empty();
        }

        @Override
        public CompletableFuture<Object> execute(String instanceId, Call call) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean cancel(String instanceId) {
            return false;
        }

        @Override
        public CallProgress progress(String instanceId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Map<String, Object>> resourceSnapshot(String instanceId) {
            return Optional.empty();
        }

        @Override
        public void forceStop(String instanceId) {}

        @Override
        public void reload(String instanceId) {}

        @Override
        public boolean retrySafe(String instanceId) {
            return true;
        }

        @Override
        public List<String> jobLines(String instanceId, String jobId, int max) {
            return List.of();
        }

        @Override
        public AutoCloseable onRetry(Consumer<CallRetry> listener) {
            return () -> {};
        }
    }

    @Test
    void aJobForAnInstanceNotLoadedYetWaitsWhileNoPolicyOrNoLauncherIsBoundAndStartsOnceBothAre() {
        AtomicReference<ResourceScheduler> policy = new AtomicReference<>();
        NothingLoaded target = new NothingLoaded();
        target.missing.set("no worker launcher is available");
        QueueAdmission admission = new QueueAdmission(target, policy::get, () -> null);
        Job job = Job.pending("j1", "echo", List.of(), Map.of(), 0, Instant.EPOCH);
        Acquisitions acquiring = new Acquisitions(Runnable::run, (id, reason) -> {}, () -> {});

        assertThat(admission.admit(job, new RunningJobs(), acquiring, QueueSettings.defaults()))
                .isEqualTo(new QueueAdmission.Verdict.Blocked(
                        "no scheduling policy is active; check the dev.cordon.scheduler bundle (cordon:status)"));

        policy.set(new ResourceScheduler() {
            @Override
            public String policyName() {
                return "any";
            }

            @Override
            public Decision decide(ExecutionRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletionStage<Allocation> acquire(
                    ExecutionRequest request, ResourceScheduler.BlockListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void release(Allocation allocation) {}

            @Override
            public List<Allocation> active() {
                return List.of();
            }
        });
        assertThat(admission.admit(job, new RunningJobs(), acquiring, QueueSettings.defaults()))
                .isEqualTo(new QueueAdmission.Verdict.Blocked("no worker launcher is available"));

        target.missing.set(null);
        assertThat(admission.admit(job, new RunningJobs(), acquiring, QueueSettings.defaults()))
                .isEqualTo(new QueueAdmission.Verdict.Start());
    }
}
