package dev.cordon.runtime.internal.monitor;

import dev.cordon.api.error.PluginError;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.UnsupportedEndpointError;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The two monitor endpoints of a worker, with the original proxy's status rules: {@code 200} is the answer;
 * {@code 501} (a monitor predating the typed methods) falls back to {@code execute("<endpoint>")}; {@code 404}
 * means the plugin is not a monitor plugin, a configuration error retrying does not fix. Each request is bounded
 * by the timeout, so at most two of them (the endpoint, then {@code execute}) are waited for.
 */
final class MonitorCalls {

    /** Thrown when the plugin has no monitor methods: {@code 404} from the endpoint. */
    static final class NotAMonitorPlugin extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAMonitorPlugin(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Duration timeout;

    MonitorCalls(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * {@code POST /<endpoint>}, or {@code execute("<endpoint>")} after a {@code 501}.
     *
     * @param endpoint {@link Endpoint#GET_SYSTEM_STATUS} or {@link Endpoint#LIST_PROCESSES}
     * @return the answer as a plain JSON value
     * @throws NotAMonitorPlugin on {@code 404} or {@code 405}
     * @throws PluginError any other failure, typed by the worker client (a timeout, a dead worker, a {@code 500})
     */
    Object fetch(WorkerClient client, Endpoint endpoint) {
        try {
            return client.call(endpoint, null, timeout);
        } catch (UnsupportedEndpointError e) {
            if (e.status() == 501) {
                return client.execute(List.of(endpoint.path().substring(1)), Map.of(), timeout);
            }
            throw new NotAMonitorPlugin(e.getMessage(), e);
        }
    }
}
