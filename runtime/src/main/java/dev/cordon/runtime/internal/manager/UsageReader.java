package dev.cordon.runtime.internal.manager;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.UsageHeader;
import java.time.Duration;
import java.util.Map;

/**
 * What a plugin reported with {@code report_usage} during a call that succeeded. Cordon's workers send it with the
 * call's answer ({@link UsageHeader}), so it costs the call nothing. The original's workers keep it for
 * {@code /stats} until their next call starts, so for them it is read there right after each call: a second round
 * trip and a process scan, which only they pay. A worker that cannot answer within a short wait reports no usage
 * (logged), never fails the call.
 */
final class UsageReader {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UsageReader.class);
    /** {@code /stats} is never serialized behind calls, so a worker answers it at once. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private UsageReader() {}

    /**
     * The usage of the call that just ended on {@code s}.
     *
     * @param carried what the worker sent with the answer
     */
    static Map<String, Double> read(LoadedInstance s, Map<String, Double> carried) {
        if (s.handle().runtime() != RuntimeKind.CJM) {
            return carried;
        }
        try {
            Object answer = s.client().call(Endpoint.STATS, null, TIMEOUT);
            return answer instanceof Map<?, ?> m ? UsageHeader.numbers(m.get("usage")) : Map.of();
        } catch (RuntimeException e) {
            LOG.warn("The usage of the last call on instance {} is unknown: /stats failed: {}", s.id(), e.getMessage());
            return Map.of();
        }
    }
}
