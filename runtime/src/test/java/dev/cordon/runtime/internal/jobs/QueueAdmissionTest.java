package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallProgress;
import dev.cordon.api.host.CallRetry;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.runtime.internal.manager.ManagerFakes.PeakStore;
import java.time.Duration;
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

    @Test
    void aMeasuredPeakIsReadOncePerIntervalPerInstanceConfigAndStoreAndRaisesTheDeclaredNeed() {
        PeakStore store = new PeakStore().peak("echo", 500).peak("echo-2", 500);
        AtomicReference<EmpiricalResourceStore> bound = new AtomicReference<>(store);
        QueueAdmission admission = new QueueAdmission(new NothingLoaded(), () -> null, bound::get, Duration.ofHours(1));
        ResourceRequirements declared = ResourceRequirements.NONE;

        assertThat(admission.withMeasuredPeak(declared, "echo", "c1").minSystemRamMb())
                .hasValue(500);
        store.peak("echo", 900).peak("echo-2", 900);
        assertThat(admission.withMeasuredPeak(declared, "echo", "c1").minSystemRamMb())
                .hasValue(500);
        assertThat(store.reads).hasValue(1);

        assertThat(admission.withMeasuredPeak(declared, "echo", "c2").minSystemRamMb())
                .hasValue(900);
        assertThat(admission.withMeasuredPeak(declared, "echo-2", "c1").minSystemRamMb())
                .hasValue(900);
        assertThat(store.reads).hasValue(3);

        PeakStore another = new PeakStore().peak("echo", 500);
        bound.set(another);
        assertThat(admission.withMeasuredPeak(declared, "echo", "c1").minSystemRamMb())
                .hasValue(500);
        assertThat(another.reads).hasValue(1);
    }

    @Test
    void aMeasuredPeakOlderThanTheIntervalIsReadAgain() {
        PeakStore store = new PeakStore().peak("echo", 500);
        QueueAdmission admission = new QueueAdmission(new NothingLoaded(), () -> null, () -> store, Duration.ZERO);

        assertThat(admission
                        .withMeasuredPeak(ResourceRequirements.NONE, "echo", "c1")
                        .minSystemRamMb())
                .hasValue(500);
        store.peak("echo", 900);
        assertThat(admission
                        .withMeasuredPeak(ResourceRequirements.NONE, "echo", "c1")
                        .minSystemRamMb())
                .hasValue(900);
        assertThat(store.reads).hasValue(2);
    }
}
