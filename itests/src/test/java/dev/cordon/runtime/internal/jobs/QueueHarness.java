package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.Job;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.spi.JobStore;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** Builds a started {@link JobQueueService} on a real store, a {@link ScriptedTarget} and the real event hub. */
final class QueueHarness {

    static QueueSettings settings(int maxRunning, Map<String, Integer> lanes) {
        return new QueueSettings(
                maxRunning,
                lanes,
                1000,
                Duration.ofMillis(20),
                Duration.ofMillis(50),
                2,
                Duration.ofMillis(300),
                Duration.ofSeconds(30),
                "test-host");
    }

    static QueueSettings settings(int maxRunning) {
        return settings(maxRunning, Map.of(Job.DEFAULT_LANE, maxRunning));
    }

    static JobQueueService start(JobStore store, ScriptedTarget target, QueueSettings settings) {
        return start(store, target, settings, PermissiveScheduler::new, () -> null);
    }

    static JobQueueService start(
            JobStore store,
            ScriptedTarget target,
            QueueSettings settings,
            Supplier<ResourceScheduler> scheduler,
            Supplier<EmpiricalResourceStore> measured) {
        return start(store, target, settings, scheduler, measured, HubEvents.create());
    }

    /** A queue publishing on {@code events}, for a test that reads the hub's per-subscriber figures. */
    static JobQueueService start(JobStore store, ScriptedTarget target, QueueSettings settings, JobEvents events) {
        return start(store, target, settings, PermissiveScheduler::new, () -> null, events);
    }

    private static JobQueueService start(
            JobStore store,
            ScriptedTarget target,
            QueueSettings settings,
            Supplier<ResourceScheduler> scheduler,
            Supplier<EmpiricalResourceStore> measured,
            JobEvents events) {
        return new JobQueueService(
                        store, target, events, settings, scheduler, measured, Clock.systemUTC(), new QueueThreads())
                .start();
    }
}
