package dev.cordon.runtime.internal.manager;

import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.SecretStore;
import dev.cordon.runtime.internal.journal.Journal;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The services the plugin host uses, each read when needed so that a swapped implementation takes effect at once.
 * A supplier answering {@code null} means none is bound now: loads need a launcher and executions a scheduler; without
 * a config store nothing is persisted, without a secret store no secret is injected, and without a resource store or
 * a system monitor no sample is recorded.
 *
 * @param launcher starts workers
 * @param scheduler the scheduling policy in use
 * @param configs persisted config and enabled flag of default instances
 * @param secrets plugin secrets
 * @param resources measured usage per call
 * @param monitor measures worker processes
 * @param journal where worker lifecycle, admission, configuration, secret and catalog records go
 */
public record HostServices(
        Supplier<WorkerLauncher> launcher,
        Supplier<ResourceScheduler> scheduler,
        Supplier<ConfigStore> configs,
        Supplier<SecretStore> secrets,
        Supplier<EmpiricalResourceStore> resources,
        Supplier<SystemMonitor> monitor,
        Supplier<Journal> journal) {

    /** Requires every supplier. */
    public HostServices {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(configs, "configs");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(monitor, "monitor");
    }

    /** The services without a journal. */
    public HostServices(
            Supplier<WorkerLauncher> launcher,
            Supplier<ResourceScheduler> scheduler,
            Supplier<ConfigStore> configs,
            Supplier<SecretStore> secrets,
            Supplier<EmpiricalResourceStore> resources,
            Supplier<SystemMonitor> monitor) {
        this(launcher, scheduler, configs, secrets, resources, monitor, () -> Journal.OFF);
    }

    /** The journal to record to now; {@link Journal#OFF} when none is bound. */
    public Journal journalNow() {
        Journal j = journal.get();
        return j == null ? Journal.OFF : j;
    }

    /** Fixed services, for embedding and tests; any may be {@code null} except the launcher and the scheduler. */
    public static HostServices of(
            WorkerLauncher launcher,
            ResourceScheduler scheduler,
            ConfigStore configs,
            SecretStore secrets,
            EmpiricalResourceStore resources,
            SystemMonitor monitor) {
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(scheduler, "scheduler");
        return new HostServices(
                () -> launcher, () -> scheduler, () -> configs, () -> secrets, () -> resources, () -> monitor);
    }
}
