package dev.cordon.runtime.internal.manager;

import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.UnsupportedEndpointError;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what a plugin reported with {@code report_usage} during its last call: the worker's {@code /usage} (or, from
 * a worker without it, the {@code usage} of {@code /stats}), which the worker resets when the next call starts, so
 * it is read right after each call. A worker
 * that cannot answer within a short wait reports no usage (logged), never fails the call.
 */
final class UsageReader {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UsageReader.class);
    /** {@code /stats} is never serialized behind calls, so a worker answers it at once. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private UsageReader() {}

    static Map<String, Double> read(LoadedInstance s) {
        try {
            Object answer;
            try {
                answer = s.client().call(Endpoint.USAGE, null, TIMEOUT);
            } catch (UnsupportedEndpointError e) {
                // The original's workers have no /usage; their /stats carries it, at the price of a process scan.
                answer = s.client().call(Endpoint.STATS, null, TIMEOUT);
            }
            return answer instanceof Map<?, ?> m ? usage(m.get("usage")) : Map.of();
        } catch (RuntimeException e) {
            LOG.warn("The usage of the last call on instance {} is unknown: /stats failed: {}", s.id(), e.getMessage());
            return Map.of();
        }
    }

    /** The numeric entries of a reported usage object; anything else is not usage. */
    static Map<String, Double> usage(Object reported) {
        if (!(reported instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((unit, amount) -> {
            if (unit instanceof String u && amount instanceof Number n) {
                out.put(u, n.doubleValue());
            }
        });
        return out;
    }
}
