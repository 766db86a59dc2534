package dev.cordon.runtime.internal.manager;

import dev.cordon.api.host.HostSettings;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.SecretStore;
import dev.cordon.runtime.internal.journal.Journal;
import dev.cordon.runtime.internal.scheduling.ActiveScheduler;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.LoggerFactory;

/**
 * Runs the plugin manager in the framework: builds a {@link PluginHost} whose launcher, scheduler
 * ({@link ActiveScheduler}), stores and system monitor are each the highest-ranked service of its kind at the moment
 * of use, so a swapped implementation is used from the next load or call on, without restarting the manager or its
 * workers; and registers it twice: as {@link PluginManager} (public) and as {@link PluginOperations} (internal, for
 * the runtime's own components).
 *
 * <p>Two registrations, not one with both interfaces: Felix hides a service from a bundle that sees any of its
 * registered classes differently, and an embedding application sees only the public API, so the internal interface
 * must not be among the public registration's classes.
 *
 * <p>Each service is tracked from its first use, not bound at activation: binding would activate the scheduling
 * policy and the system monitor (which probes for GPUs with a child process) in every framework, whether or not a
 * plugin ever runs. Settings come from the {@link ManagerConfiguration}, each key falling back to the framework
 * property of its name (see {@link ManagerSettings}); a change of the settings restarts the manager, so the
 * instances it had loaded are stopped and load again with the new settings on their next use. Discovery runs at
 * activation; deactivation stops every worker.
 */
// The two services are registered by hand, so DS cannot declare them: resolvers that honour service requirements
// (Karaf's) learn from these capabilities that this bundle provides them.
@Capability(
        namespace = "osgi.service",
        attribute = "objectClass:List<String>=dev.cordon.api.host.PluginManager",
        uses = PluginManager.class)
@Capability(
        namespace = "osgi.service",
        attribute = "objectClass:List<String>=dev.cordon.runtime.internal.manager.PluginOperations")
@Component(
        name = PluginManagerComponent.NAME,
        configurationPid = ManagerConfiguration.PID,
        service = {},
        immediate = true)
@Designate(ocd = ManagerConfiguration.class)
public final class PluginManagerComponent {

    /** The component's name, also a property of both registrations. */
    public static final String NAME = "dev.cordon.runtime.manager";

    /** The longest a departing resource store is held up by the samples still queued for it. */
    private static final java.time.Duration SAMPLE_FLUSH_BOUND = java.time.Duration.ofSeconds(5);

    private final BundleContext context;
    private final List<Lazy<?>> services;
    private final HostServices hostServices;
    private volatile PluginHost host;
    private List<ServiceRegistration<?>> registrations = List.of();

    /**
     * A service of one type, tracked from the first time it is asked for; {@code departing} hears a tracked service
     * while it is being unregistered and can still be used.
     */
    private static final class Lazy<T> implements Supplier<T> {
        private static final long ARRIVAL_WAIT_MS = 1000;
        private final BundleContext context;
        private final Class<T> type;
        private final Consumer<T> departing;
        private final AtomicReference<ServiceTracker<T, T>> tracker = new AtomicReference<>();

        Lazy(BundleContext context, Class<T> type) {
            this(context, type, service -> {});
        }

        Lazy(BundleContext context, Class<T> type, Consumer<T> departing) {
            this.context = context;
            this.type = type;
            this.departing = departing;
        }

        @Override
        public T get() {
            ServiceTracker<T, T> t = tracker.get();
            if (t == null) {
                ServiceTracker<T, T> created = new ServiceTracker<>(context, type, null) {
                    @Override
                    public void removedService(ServiceReference<T> reference, T service) {
                        try {
                            departing.accept(service);
                        } finally {
                            super.removedService(reference, service);
                        }
                    }
                };
                if (tracker.compareAndSet(null, created)) {
                    created.open();
                }
                t = tracker.get();
            }
            if (t == null) {
                return null;
            }
            T service = t.getService();
            if (service == null && registered()) {
                // Registered, but its event is still on its way to this tracker (another listener, such as a
                // component binding it, heard it first and started a load): wait for the tracker, briefly.
                try {
                    service = t.waitForService(ARRIVAL_WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return service;
        }

        private boolean registered() {
            try {
                return context.getServiceReference(type) != null;
            } catch (IllegalStateException stopping) {
                return false;
            }
        }

        void close() {
            ServiceTracker<T, T> t = tracker.getAndSet(null);
            if (t != null) {
                t.close();
            }
        }
    }

    @Activate
    public PluginManagerComponent(BundleContext context, Map<String, Object> configuration) {
        this.context = context;
        Lazy<WorkerLauncher> launcher = new Lazy<>(context, WorkerLauncher.class);
        Lazy<ActiveScheduler> scheduler = new Lazy<>(context, ActiveScheduler.class);
        Lazy<ConfigStore> configs = new Lazy<>(context, ConfigStore.class);
        Lazy<SecretStore> secrets = new Lazy<>(context, SecretStore.class);
        // The framework stops the store's bundle before this one: samples still queued go to the store as it leaves.
        Lazy<EmpiricalResourceStore> resources = new Lazy<>(context, EmpiricalResourceStore.class, store -> {
            PluginHost h = host;
            if (h != null) {
                h.flushSamples(store, SAMPLE_FLUSH_BOUND);
            }
        });
        Lazy<SystemMonitor> monitor = new Lazy<>(context, SystemMonitor.class);
        Lazy<Journal> journal = new Lazy<>(context, Journal.class);
        this.services = List.of(launcher, scheduler, configs, secrets, resources, monitor, journal);
        this.hostServices = new HostServices(
                launcher,
                () -> {
                    ActiveScheduler active = scheduler.get();
                    return active == null ? null : active.current();
                },
                configs,
                secrets,
                resources,
                monitor,
                journal);
        start(settings(configuration));
    }

    /**
     * A changed host configuration restarts the manager only when the settings it yields differ: the configuration
     * FileInstall delivers from {@code etc/} at start-up, which activation already read from the file, changes
     * nothing.
     */
    @Modified
    synchronized void modified(Map<String, Object> configuration) {
        ManagerSettings next = settings(configuration);
        if (next.equals(host.settings())) {
            return;
        }
        LoggerFactory.getLogger(PluginManagerComponent.class)
                .info(
                        "The host configuration changed the manager's settings from {} to {}: restarting it, loaded"
                                + " instances stop",
                        host.settings(),
                        next);
        stop();
        start(next);
    }

    /**
     * The settings: the configuration, each key over the framework property of its name. Until ConfigAdmin has
     * the host configuration (FileInstall reads {@code etc/} asynchronously at the first start), its file is read
     * directly, so commands run at start-up already see its values.
     */
    private ManagerSettings settings(Map<String, Object> configuration) {
        Map<String, Object> layer = configuration.containsKey(Constants.SERVICE_PID)
                ? configuration
                : HostConfigurationFile.read(context.getProperty("cordon.etc"), ManagerConfiguration.PID);
        return ManagerSettings.from(HostSettings.layered(layer, context::getProperty));
    }

    private synchronized void start(ManagerSettings settings) {
        PluginHost started = new PluginHost(settings, hostServices);
        host = started;
        started.discover();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("cordon.component", NAME);
        registrations = List.of(
                context.registerService(PluginManager.class, started, properties),
                context.registerService(PluginOperations.class, started, properties));
    }

    private synchronized void stop() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework unregisters a stopping bundle's services itself; nothing is left to do.
            }
        }
        host.close();
    }

    @Deactivate
    void deactivate() {
        try {
            stop();
        } finally {
            services.forEach(Lazy::close);
        }
    }
}
