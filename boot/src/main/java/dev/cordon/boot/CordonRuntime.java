package dev.cordon.boot;

import dev.cordon.api.host.JobQueue;
import dev.cordon.api.host.PluginBinding;
import dev.cordon.api.host.PluginManager;
import dev.cordon.boot.internal.control.DataFolderLock;
import dev.cordon.boot.internal.framework.BundleInstaller;
import dev.cordon.boot.internal.framework.FrameworkProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.LoggerFactory;

/**
 * A running Cordon host inside the caller's JVM: an OSGi framework with Cordon's bundles, whose system bundle
 * exports the {@code dev.cordon.api} packages from the caller's class path, so the caller uses Cordon's
 * services with its own classes.
 *
 * <pre>{@code
 * try (CordonRuntime cordon = CordonRuntime.builder().home(Path.of("/opt/cordon")).start()) {
 *     RuntimeInfo info = cordon.service(RuntimeInfo.class, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>One runtime per data folder: {@link Builder#start()} locks the data folder and {@link #close()} releases it,
 * so a second runtime on the same data refuses to start ({@link DataFolderInUseException}).
 *
 * <p>{@link #close()} stops the framework and waits for it, so no framework thread outlives the runtime.
 */
public final class CordonRuntime implements AutoCloseable {

    /** How long {@link #close()} waits for the framework to stop. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** The name of the thread Felix stops the framework on. */
    private static final String FELIX_SHUTDOWN_THREAD = "FelixShutdown";

    /** How long {@link #close} waits for that thread to end once the framework has stopped. */
    private static final Duration SHUTDOWN_THREAD_WAIT = Duration.ofSeconds(5);

    private final CordonHome home;
    private final Framework framework;
    private final BundleInstaller.Report report;
    private final DataFolderLock lock;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private CordonRuntime(CordonHome home, Framework framework, BundleInstaller.Report report, DataFolderLock lock) {
        this.home = home;
        this.framework = framework;
        this.report = report;
        this.lock = lock;
    }

    /** A builder with the standard layout below the current folder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The folders this runtime uses. */
    public CordonHome home() {
        return home;
    }

    /** The framework's own bundle context, for callers that need OSGi directly. */
    public BundleContext bundleContext() {
        return framework.getBundleContext();
    }

    /** The bundles that failed to install or start, each with the reason; empty when all started. */
    public Map<String, String> bundleFailures() {
        return report.failures();
    }

    /**
     * The highest-ranked service of {@code type}, waiting for it to be registered.
     *
     * @throws IllegalStateException when none appears within {@code timeout}
     */
    public <T> T service(Class<T> type, Duration timeout) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext(), type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(timeout.toMillis());
            if (service == null) {
                throw new IllegalStateException(
                        "No " + type.getName() + " service was registered within " + timeout.toMillis()
                                + " ms; run 'cordon:status' to see which bundle or component is not active");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + type.getName(), e);
        } finally {
            tracker.close();
        }
    }

    /**
     * The plugin manager, waiting up to {@code timeout} for it: discovery, lifecycle and calls of every plugin.
     *
     * @throws IllegalStateException when it does not appear in time
     */
    public PluginManager plugins(Duration timeout) {
        return service(PluginManager.class, timeout);
    }

    /**
     * A binding to one instance (a plugin's name addresses its default instance), waiting up to {@code timeout} for
     * the plugin manager. With {@link #builder()} it is the bootstrap of an embedding application:
     * {@code binding = CordonRuntime.builder().home(dir).start().bind("echo", timeout)}, then
     * {@code binding.load(Optional.empty())} starts the worker and {@code binding.execute(call)} calls it.
     */
    public PluginBinding bind(String instanceId, Duration timeout) {
        return plugins(timeout).bind(instanceId);
    }

    /** The job queue, when a bundle in this runtime provides one and it is active now. */
    public Optional<JobQueue> jobs() {
        return findService(JobQueue.class);
    }

    /**
     * The job queue, waiting up to {@code timeout} for it: durable jobs with priorities, lanes, cancellation and
     * events.
     *
     * @throws IllegalStateException when it does not appear in time
     */
    public JobQueue jobs(Duration timeout) {
        return service(JobQueue.class, timeout);
    }

    /** The highest-ranked service of {@code type} now, without waiting. */
    public <T> Optional<T> findService(Class<T> type) {
        var ref = bundleContext().getServiceReference(type);
        return ref == null
                ? Optional.empty()
                : Optional.ofNullable(bundleContext().getService(ref));
    }

    /**
     * Waits until the framework stops, for example after {@code stop 0} in the shell.
     *
     * @return true if it stopped within {@code timeout}
     */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        FrameworkEvent event = framework.waitForStop(timeout.toMillis());
        return event.getType() != FrameworkEvent.WAIT_TIMEDOUT;
    }

    /**
     * Waits for Felix's own stopping thread to end: the framework reports itself stopped from that thread, which is
     * not a daemon and runs on for a moment after, and nothing Cordon started may outlive {@link #close}.
     */
    private static void awaitShutdownThread() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (FELIX_SHUTDOWN_THREAD.equals(t.getName()) && t != Thread.currentThread()) {
                t.join(SHUTDOWN_THREAD_WAIT.toMillis());
            }
        }
    }

    /** Whether the framework is still running. */
    public boolean isRunning() {
        return (framework.getState() & (Framework.ACTIVE | Framework.STARTING)) != 0;
    }

    /**
     * Stops the framework and waits for it to stop, up to {@link #STOP_TIMEOUT}.
     *
     * @throws IllegalStateException when the framework does not stop in time
     */
    @Override
    public void close() {
        try {
            framework.stop();
            if (!awaitStop(STOP_TIMEOUT)) {
                throw new IllegalStateException("The Cordon framework did not stop within " + STOP_TIMEOUT.toSeconds()
                        + " s; a bundle is blocking its own stop — see " + home.logs());
            }
            awaitShutdownThread();
            if (stopped.compareAndSet(false, true)) {
                lock.close();
                LoggerFactory.getLogger(CordonRuntime.class).info("Cordon stopped");
            }
        } catch (BundleException e) {
            throw new IllegalStateException("Stopping the Cordon framework failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the Cordon framework", e);
        }
    }

    /** Configures and starts a {@link CordonRuntime}. */
    public static final class Builder {
        private CordonHome home = CordonHome.standard(Path.of(""));
        private Path data;
        private Path bundles;
        private boolean interactiveShell;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {}

        /** The home folder; its {@code bundles}, {@code etc}, {@code deploy} and {@code data} are used. */
        public Builder home(Path dir) {
            this.home = CordonHome.standard(dir);
            return this;
        }

        /** Another data folder than {@code <home>/data}. */
        public Builder dataDir(Path dir) {
            this.data = dir;
            return this;
        }

        /** Another bundles folder than {@code <home>/bundles}, for example a build's output. */
        public Builder bundlesDir(Path dir) {
            this.bundles = dir;
            return this;
        }

        /** Whether Gogo reads commands from the console; off by default. */
        public Builder interactiveShell(boolean on) {
            this.interactiveShell = on;
            return this;
        }

        /** A framework property; it overrides Cordon's defaults and {@code etc/cordon.properties}. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /**
         * Creates the writable folders, starts the framework and every bundle of the bundles folder.
         *
         * <p>A bundle that fails to start is logged and reported by {@link #bundleFailures()}; the runtime still
         * starts, so the shell can be used to see what is wrong.
         *
         * @throws DataFolderInUseException when another runtime holds the data folder
         * @throws IllegalStateException when no OSGi framework is on the class path or it cannot start
         */
        public CordonRuntime start() {
            CordonHome layout = home;
            if (data != null) {
                layout = layout.withData(data);
            }
            if (bundles != null) {
                layout = layout.withBundles(bundles);
            }
            long started = System.nanoTime();
            layout.createWritableFolders();
            DataFolderLock.Attempt attempt = DataFolderLock.acquire(layout.data());
            if (!attempt.taken()) {
                throw new DataFolderInUseException(layout.data(), attempt.pid());
            }
            try {
                return start(layout, attempt.lock(), started);
            } catch (RuntimeException e) {
                attempt.lock().close();
                throw e;
            }
        }

        private CordonRuntime start(CordonHome layout, DataFolderLock lock, long started) {
            FrameworkProperties props = FrameworkProperties.forHome(layout.folders(), interactiveShell, properties);
            FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, CordonRuntime.class.getClassLoader())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "No OSGi framework on the class path: add org.apache.felix.framework"));
            Framework framework = factory.newFramework(props.asMap());
            try {
                framework.init();
                BundleInstaller.Report report = new BundleInstaller(
                                framework.getBundleContext(), props.systemBundleNames())
                        .installAll(layout.bundles());
                framework.start();
                report = report.startAll();
                LoggerFactory.getLogger(CordonRuntime.class)
                        .info(
                                "Cordon {} started in {} ms: home {}, data {}",
                                props.asMap().get("cordon.version"),
                                (System.nanoTime() - started) / 1_000_000,
                                layout.home(),
                                layout.data());
                return new CordonRuntime(layout, framework, report, lock);
            } catch (BundleException | RuntimeException e) {
                stopQuietly(framework);
                throw new IllegalStateException(
                        "Cordon could not start from " + layout.home() + ": " + e.getMessage(), e);
            }
        }

        private static void stopQuietly(Framework framework) {
            try {
                framework.stop();
                framework.waitForStop(STOP_TIMEOUT.toMillis());
            } catch (BundleException | InterruptedException ignored) {
                // The start already failed; that error is what the caller needs to see.
            }
        }
    }
}
