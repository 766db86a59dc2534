package dev.cordon.runtime.internal.diagnostics;

import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.LogEntry;
import dev.cordon.api.store.LogQuery;
import dev.cordon.api.store.LogUsage;
import dev.cordon.runtime.internal.manager.PluginOperations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Diagnostics: copies the workers' log lines into the bound {@link DiagnosticStore} (a {@link LogShipper}) and keeps
 * it within the {@link RetentionPolicy}, applied when a store is bound, every {@code retention.interval}, and when
 * the configuration changes (on the {@code cordon-diagnostics-retention} thread). The shell reads lines through it.
 */
@Component(service = DiagnosticsComponent.class, immediate = true, configurationPid = DiagnosticsConfiguration.PID)
@Designate(ocd = DiagnosticsConfiguration.class)
public final class DiagnosticsComponent {

    private static final Logger LOG = LoggerFactory.getLogger(DiagnosticsComponent.class);

    private final ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cordon-diagnostics-retention");
        t.setDaemon(true);
        return t;
    });
    /** The plugin of every instance seen, so lines of an unloaded instance keep their plugin. */
    private final Map<String, String> plugins = new ConcurrentHashMap<>();

    private final LogShipper shipper;
    private volatile RetentionPolicy policy;
    private volatile boolean enabled;
    private volatile DiagnosticStore store;
    private ScheduledFuture<?> periodic;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginOperations manager;

    @Activate
    public DiagnosticsComponent(DiagnosticsConfiguration configuration) {
        this.policy = RetentionPolicy.of(configuration);
        this.enabled = configuration.enabled();
        this.shipper = new LogShipper(
                this::logsDir,
                this::pluginOf,
                () -> enabled ? store : null,
                Duration.ofMillis(configuration.poll_interval_ms()));
        schedule();
    }

    @Modified
    synchronized void modified(DiagnosticsConfiguration configuration) {
        RetentionPolicy next = RetentionPolicy.of(configuration);
        enabled = configuration.enabled();
        shipper.interval(Duration.ofMillis(configuration.poll_interval_ms()));
        if (!next.equals(policy)) {
            policy = next;
            schedule();
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(DiagnosticStore bound) {
        store = bound;
        retention.execute(this::applyQuietly);
    }

    void unbindStore(DiagnosticStore gone) {
        if (store == gone) {
            // The lines written since the last round go to the store while it can still be used.
            try {
                shipper.round();
            } catch (RuntimeException e) {
                LOG.warn("Could not copy the last worker log lines: {}", e.toString());
            }
            store = null;
        }
    }

    private synchronized void schedule() {
        if (periodic != null) {
            periodic.cancel(false);
        }
        long every = Math.max(1000, policy.interval().toMillis());
        periodic = retention.scheduleWithFixedDelay(this::applyQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    private void applyQuietly() {
        try {
            applyRetention();
        } catch (RuntimeException e) {
            LOG.warn("Could not apply the log retention policy: {}", e.toString());
        }
    }

    private Path logsDir() {
        PluginOperations m = manager;
        return m == null ? null : m.settings().logsDir();
    }

    private String pluginOf(String instanceId) {
        PluginOperations m = manager;
        if (m != null) {
            m.instance(instanceId).map(PluginInstance::pluginName).ifPresent(p -> plugins.put(instanceId, p));
        }
        return plugins.get(instanceId);
    }

    /** The policy in force. */
    public RetentionPolicy policy() {
        return policy;
    }

    /** Applies the policy now; empty when no store is bound. */
    public Optional<RetentionPolicy.Outcome> applyRetention() {
        DiagnosticStore s = store;
        if (s == null) {
            return Optional.empty();
        }
        RetentionPolicy.Outcome outcome = policy.apply(s, Instant.now());
        if (outcome.byAge() > 0 || !outcome.bySize().isEmpty()) {
            LOG.info("Log retention deleted {} line(s) by age and {} by size", outcome.byAge(), outcome.bySize());
        }
        return Optional.of(outcome);
    }

    /** Reads what the workers wrote since the last round into the store now, so a query sees it. */
    public void catchUp() {
        shipper.round();
    }

    /** The lines {@code query} selects; empty when no store is bound. */
    public Optional<List<LogEntry>> query(LogQuery query) {
        DiagnosticStore s = store;
        return s == null ? Optional.empty() : Optional.of(s.query(query));
    }

    /** What each plugin's lines take now; empty when no store is bound. */
    public Optional<Map<String, LogUsage>> usage() {
        DiagnosticStore s = store;
        return s == null ? Optional.empty() : Optional.of(s.usage());
    }

    /** Lines copied into the store so far, and lines lost to a failing store. */
    public long[] counts() {
        return new long[] {shipper.shipped(), shipper.failed()};
    }

    @Deactivate
    void deactivate() {
        retention.shutdownNow();
        shipper.close();
    }
}
