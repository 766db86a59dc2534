package dev.cordon.runtime.internal.journal;

import dev.cordon.api.host.JobQueue;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

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

    private final Instant activatedAt = Instant.now();
    private final JournalWriter writer;
    private final HostRestarts restarts;
    private volatile boolean enabled;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginManager manager;

    private volatile JournalStore store;
    private volatile JobEventJournal jobEvents;

    @Activate
    public JournalComponent(JournalConfiguration configuration) {
        this.enabled = configuration.enabled();
        this.writer = new JournalWriter(configuration.buffer_capacity(), () -> store);
        this.restarts = new HostRestarts(activatedAt);
    }

    @Modified
    void modified(JournalConfiguration configuration) {
        enabled = configuration.enabled();
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
            store = null;
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
        queue.allEvents().subscribe(subscriber);
    }

    void unbindQueue(JobQueue queue) {
        JobEventJournal subscriber = jobEvents;
        if (subscriber != null) {
            subscriber.cancel();
        }
    }

    private String pluginOf(String instanceId) {
        PluginManager m = manager;
        return m == null
                ? null
                : m.instance(instanceId).map(PluginInstance::pluginName).orElse(null);
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

    @Deactivate
    void deactivate() {
        JobEventJournal subscriber = jobEvents;
        if (subscriber != null) {
            subscriber.cancel();
        }
        writer.close();
    }
}
