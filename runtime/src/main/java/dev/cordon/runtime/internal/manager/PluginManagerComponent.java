package dev.cordon.runtime.internal.manager;

import dev.cordon.api.host.PluginManager;
import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.EmpiricalResourceStore;
import dev.cordon.api.store.SecretStore;
import dev.cordon.runtime.internal.scheduling.ActiveScheduler;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The {@link PluginManager} service: a {@link PluginHost} whose launcher, scheduler ({@link ActiveScheduler}),
 * stores and system monitor are each the highest-ranked service of its kind at the moment of use, so a swapped
 * implementation is used from the next load or call on, without restarting the manager or its workers.
 *
 * <p>Each service is tracked from its first use, not bound at activation: binding would activate the scheduling
 * policy and the system monitor (which probes for GPUs with a child process) in every framework, whether or not a
 * plugin ever runs. Settings come from framework properties (see {@link ManagerSettings}). Discovery runs at
 * activation; deactivation stops every worker.
 */
@Component(name = PluginManagerComponent.NAME, service = PluginManager.class, immediate = true)
public final class PluginManagerComponent extends PluginHost {

    /** The component's name. */
    public static final String NAME = "dev.cordon.runtime.manager";
    /**
     * The target filter with which the runtime's own components reference this one as a {@link PluginHost}. The
     * service is registered as {@link PluginManager} only: Felix hides a service from a bundle that sees any of its
     * registered classes differently, and an embedding application has the runtime's classes on its own class path,
     * so registering the internal class would hide the manager from it.
     */
    public static final String TARGET = "(component.name=" + NAME + ")";

    /** The host behind a manager referenced with {@link #TARGET}. */
    public static PluginHost host(PluginManager manager) {
        if (manager instanceof PluginHost host) {
            return host;
        }
        throw new IllegalArgumentException(manager.getClass().getName() + " is not Cordon's plugin manager; reference"
                + " it with the target " + TARGET);
    }

    private final List<Lazy<?>> services;

    /** A service of one type, tracked from the first time it is asked for. */
    private static final class Lazy<T> implements Supplier<T> {
        private final BundleContext context;
        private final Class<T> type;
        private final AtomicReference<ServiceTracker<T, T>> tracker = new AtomicReference<>();

        Lazy(BundleContext context, Class<T> type) {
            this.context = context;
            this.type = type;
        }

        @Override
        public T get() {
            ServiceTracker<T, T> t = tracker.get();
            if (t == null) {
                ServiceTracker<T, T> created = new ServiceTracker<>(context, type, null);
                if (tracker.compareAndSet(null, created)) {
                    created.open();
                }
                t = tracker.get();
            }
            return t == null ? null : t.getService();
        }

        void close() {
            ServiceTracker<T, T> t = tracker.getAndSet(null);
            if (t != null) {
                t.close();
            }
        }
    }

    @Activate
    public PluginManagerComponent(BundleContext context) {
        this(context, new Lazy<>(context, WorkerLauncher.class), new Lazy<>(context, ActiveScheduler.class),
                new Lazy<>(context, ConfigStore.class), new Lazy<>(context, SecretStore.class),
                new Lazy<>(context, EmpiricalResourceStore.class), new Lazy<>(context, SystemMonitor.class));
    }

    private PluginManagerComponent(BundleContext context, Lazy<WorkerLauncher> launcher,
            Lazy<ActiveScheduler> scheduler, Lazy<ConfigStore> configs, Lazy<SecretStore> secrets,
            Lazy<EmpiricalResourceStore> resources, Lazy<SystemMonitor> monitor) {
        super(ManagerSettings.from(context::getProperty), new HostServices(launcher, () -> {
            ActiveScheduler active = scheduler.get();
            return active == null ? null : active.current();
        }, configs, secrets, resources, monitor));
        this.services = List.of(launcher, scheduler, configs, secrets, resources, monitor);
        discover();
    }

    @Deactivate
    void deactivate() {
        try {
            close();
        } finally {
            services.forEach(Lazy::close);
        }
    }
}
