package dev.cordon.api.spi;

import dev.cordon.api.model.PluginLoadSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Starts worker processes. Implementations build the command line for the manifest's runtime kind, inject the
 * environment, wait for the handshake and classify start failures. A launch that fails leaves no process behind.
 */
public interface WorkerLauncher {

    /**
     * Starts a worker for {@code spec} and waits until it is ready.
     *
     * @throws dev.cordon.api.error.PluginError typed: {@code user_input} for a bad manifest or missing runtime,
     *     {@code transient} ({@link dev.cordon.api.error.PluginTimeoutError}) when the handshake does not arrive
     *     within {@link LaunchOptions#startTimeout()}, {@code fatal} when the worker exits during start (its log
     *     tail in the message)
     */
    WorkerHandle launch(PluginLoadSpec spec, LaunchOptions options);

    /**
     * Stops the workers this launcher keeps started ahead of need (spares), giving their memory back; it starts
     * new ones only at later launches. The host calls it before it evicts instances to make room for a call.
     *
     * @return how many spares were stopped; 0 for a launcher that keeps none
     */
    default int stopSpares() {
        return 0;
    }

    /**
     * How to start one worker.
     *
     * @param instanceId the resolved instance id
     * @param environment variables added to the worker's environment (secrets included); never logged
     * @param logFile where the worker's output goes
     * @param startTimeout the longest wait for the handshake
     */
    record LaunchOptions(String instanceId, Map<String, String> environment, Path logFile, Duration startTimeout) {

        /** Requires all; copies the environment. */
        public LaunchOptions {
            Objects.requireNonNull(instanceId, "instanceId");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(logFile, "logFile");
            Objects.requireNonNull(startTimeout, "startTimeout");
        }
    }
}
