package dev.cordon.runtime.internal.journal;

import dev.cordon.api.host.JobQueue;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import dev.cordon.runtime.internal.jobs.JobQueueComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.LoggerFactory;

/**
 * The journal of this host: registered as {@link Journal} for the manager's parts to record to, it writes through a
 * {@link JournalWriter} to the bound {@link JournalStore}, turns the queue's job events into records, and at the
 * first store it sees closes the workers an earlier run of the host left without an exit record (the host was killed)
 * with cause {@code host_restart}. Stores and the queue come and go at any time; without a store, records are
 * dropped and counted.
 */
@Component(
        service = {Journal.class, JournalComponent.class},
        immediate = true,
        configurationPid = JournalConfiguration.PID)
@Designate(ocd = JournalConfiguration.class)
public final class JournalComponent implements Journal {

    /** How long after a job's last record its worker's records still belong to its story. */
    public static final Duration STORY_GRACE = Duration.ofSeconds(1);

    private static final Set<JournalKind> WORKER_KINDS = EnumSet.of(
            JournalKind.WORKER_SPAWNED,
            JournalKind.WORKER_READY,
            JournalKind.WORKER_EXITED,
            JournalKind.SPARE_TAKEN,
            JournalKind.CONFIG_APPLIED,
            JournalKind.EVICTION);

    private final Instant activatedAt = Instant.now();
    private final JournalWriter writer;
    private final HostRestarts restarts;
    private volatile boolean enabled;

    private volatile PluginManager manager;

    private volatile JournalStore store;
    private volatile JobEventJournal jobEvents;

    private final BundleContext context;

    @Activate
    public JournalComponent(BundleContext context, JournalConfiguration configuration) {
        this.context = context;
        this.enabled = configuration.enabled();
        this.writer = new JournalWriter(configuration.buffer_capacity(), () -> store);
        this.restarts = new HostRestarts(activatedAt);
    }

    @Modified
    void modified(JournalConfiguration configuration) {
        enabled = configuration.enabled();
    }

    /**
     * The manager discovers its plugins before this component is up: a rescan on a thread of its own records them
     * (the catalog tells the journal of each plugin once).
     */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindManager(PluginManager bound) {
        manager = bound;
        Thread rescan = new Thread(
                () -> {
                    try {
                        bound.discover();
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(JournalComponent.class)
                                .warn("Could not journal the plugins discovered so far: {}", e.toString());
                    }
                },
                "cordon-journal-catalog");
        rescan.setDaemon(true);
        rescan.start();
    }

    void unbindManager(PluginManager gone) {
        if (manager == gone) {
            manager = null;
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(JournalStore bound) {
        store = bound;
        restarts.closeLeftovers(bound, this);
    }

    void unbindStore(JournalStore gone) {
        if (store == gone) {
            if (hostStopping()) {
                recordStoppingWorkers();
            }
            // Every record not yet written goes to the store while it can still be used; no write starts after.
            writer.detach(Duration.ofSeconds(5), () -> store = null);
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindQueue(JobQueue queue) {
        JobEventJournal subscriber = new JobEventJournal(queue, this::pluginOf, this);
        JobEventJournal previous = jobEvents;
        jobEvents = subscriber;
        if (previous != null) {
            previous.cancel();
        }
        // Only this host's events: in a cluster each host journals its own, into the one shared journal.
        (queue instanceof JobQueueComponent q ? q.localEvents() : queue.allEvents()).subscribe(subscriber);
    }

    void unbindQueue(JobQueue queue) {
        JobEventJournal subscriber = jobEvents;
        if (subscriber != null) {
            subscriber.cancel();
        }
    }

    /** Whether the whole framework is stopping: the stores' bundles stop before this one's, the workers after. */
    private boolean hostStopping() {
        try {
            return context.getBundle(0).getState() == Bundle.STOPPING;
        } catch (IllegalStateException gone) {
            return true;
        }
    }

    /**
     * Records the end of every loaded instance's worker as {@code stopped}: the host is stopping and stops them after
     * the store has gone, when no record could be written any more.
     */
    private void recordStoppingWorkers() {
        PluginManager m = manager;
        if (m == null) {
            return;
        }
        for (PluginInstance i : m.instances()) {
            m.stats(i.instanceId())
                    .ifPresent(s -> record(JournalRecord.of(
                            JournalKind.WORKER_EXITED,
                            i.instanceId(),
                            i.pluginName(),
                            Map.of("pid", Long.toString(s.pid()), "cause", "stopped", "host_stopping", "true"))));
        }
    }

    /** The plugin of an instance: the loaded one's, else the plugin of that name (a default instance's id). */
    private String pluginOf(String instanceId) {
        PluginManager m = manager;
        if (m == null) {
            return null;
        }
        return m.instance(instanceId)
                .map(PluginInstance::pluginName)
                .orElseGet(() -> m.meta(instanceId).isPresent() ? instanceId : null);
    }

    @Override
    public void record(JournalRecord record) {
        if (enabled) {
            writer.record(record);
        }
    }

    /** Whether records are being kept. */
    public boolean enabled() {
        return enabled;
    }

    /** The writer's counters. */
    public JournalStats stats() {
        return writer.stats();
    }

    /** The records {@code query} selects from the bound store; empty when none is bound. */
    public Optional<List<JournalEntry>> query(JournalQuery query) {
        JournalStore s = store;
        return s == null ? Optional.empty() : Optional.of(s.query(query));
    }

    /**
     * The story of the job {@code jobQuery} names: its records, and between its first and its last record (plus
     * {@link #STORY_GRACE}) the worker records of its instance (spawned, ready, exited, spare taken, config applied,
     * eviction), so that a cancel that stopped and reloaded the worker shows the old worker's end and the new one's
     * start. In position order; empty when no store is bound.
     */
    public Optional<List<JournalEntry>> story(JournalQuery jobQuery) {
        JournalStore s = store;
        if (s == null) {
            return Optional.empty();
        }
        List<JournalEntry> own = s.query(jobQuery);
        if (own.isEmpty() || own.get(0).record().instanceId() == null) {
            return Optional.of(own);
        }
        JournalRecord first = own.get(0).record();
        JournalRecord last = own.get(own.size() - 1).record();
        List<JournalEntry> workers = s.query(JournalQuery.all()
                .withInstance(first.instanceId())
                .withKinds(WORKER_KINDS)
                .withFrom(first.time())
                .withUntil(last.time().plus(STORY_GRACE))
                .withLimit(JournalQuery.MAX_LIMIT));
        TreeMap<Long, JournalEntry> merged = new TreeMap<>();
        own.forEach(e -> merged.put(e.seq(), e));
        workers.forEach(e -> merged.put(e.seq(), e));
        return Optional.of(List.copyOf(merged.values()));
    }

    @Deactivate
    void deactivate() {
        JobEventJournal subscriber = jobEvents;
        if (subscriber != null) {
            subscriber.cancel();
        }
        writer.close();
    }
}
