package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.JobEvent;
import dev.cordon.api.spi.ClusterRegistry;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.jobs.events.JobEventWire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Carries job events between the hosts that share a store. The events published on this host go out in batches on one
 * named thread, packed into the registry's payloads; a bounded queue stands between, so the queue's own threads never
 * wait on the store, and events beyond it (or that the store refuses) are dropped and counted. The events of the other
 * hosts arrive through the registry and are handed to {@code arrived}, which publishes them here as relayed events.
 */
final class EventRelay implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventRelay.class);

    /** Events waiting to go out; more are dropped. */
    static final int CAPACITY = 10_000;

    /** The most events taken off the queue per round. */
    private static final int BATCH = 512;

    private final ClusterRegistry registry;
    private final String hostId;
    private final Consumer<JobEvent> arrived;
    private final BlockingQueue<JobEvent> outgoing = new ArrayBlockingQueue<>(CAPACITY);
    private final LongAdder dropped = new LongAdder();
    private final Thread sender;
    private volatile boolean closed;
    private volatile AutoCloseable listening = () -> {};

    EventRelay(ClusterRegistry registry, String hostId, Consumer<JobEvent> arrived) {
        this.registry = registry;
        this.hostId = hostId;
        this.arrived = arrived;
        this.sender = new Thread(this::send, "cordon-cluster-events");
        this.sender.setDaemon(true);
    }

    void start() {
        listening = registry.listenEvents(this::received);
        sender.start();
    }

    /** Queues an event of this host's for the others; never blocks. */
    void offer(JobEvent event) {
        if (!closed && !outgoing.offer(event)) {
            dropped.increment();
        }
    }

    /** Events of this host's that did not reach the store, in total. */
    long dropped() {
        return dropped.sum();
    }

    private void send() {
        List<JobEvent> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                JobEvent first = outgoing.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outgoing.drainTo(batch, BATCH - 1);
                registry.publishEvents(payloads(batch));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                dropped.add(batch.size());
                LOG.warn("Could not send {} job event(s) to the other hosts: {}", batch.size(), e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    /** The events as payloads of {@code {"host": id, "events": [...]}}, each within the registry's limit. */
    List<String> payloads(List<JobEvent> events) {
        String head = "{\"host\":" + PlainJson.compact(hostId) + ",\"events\":[";
        int limit = ClusterRegistry.MAX_EVENT_PAYLOAD - head.length() - 2;
        List<String> payloads = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int bytes = 0;
        for (JobEvent event : events) {
            String json = PlainJson.compact(JobEventWire.map(event));
            int size = json.getBytes(StandardCharsets.UTF_8).length;
            if (size > limit) {
                dropped.increment();
                LOG.warn(
                        "A {} event of job {} is {} bytes, over what one notification carries; not sent to the other"
                                + " hosts",
                        event.type().wire(),
                        event.jobId(),
                        size);
                continue;
            }
            if (bytes > 0 && bytes + 1 + size > limit) {
                payloads.add(head + body + "]}");
                body.setLength(0);
                bytes = 0;
            }
            if (bytes > 0) {
                body.append(',');
                bytes++;
            }
            body.append(json);
            bytes += size;
        }
        if (bytes > 0) {
            payloads.add(head + body + "]}");
        }
        return payloads;
    }

    @SuppressWarnings("unchecked")
    private void received(String payload) {
        Map<String, Object> batch;
        try {
            batch = (Map<String, Object>) PlainJson.parse(payload);
        } catch (RuntimeException e) {
            LOG.warn("A job event notification that is not a batch of events was ignored: {}", e.toString());
            return;
        }
        if (hostId.equals(batch.get("host")) || !(batch.get("events") instanceof List<?> events)) {
            return;
        }
        for (Object event : events) {
            try {
                arrived.accept(JobEventWire.fromMap((Map<String, Object>) event));
            } catch (RuntimeException e) {
                LOG.warn("A job event from host {} was ignored: {}", batch.get("host"), e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listening.close();
        } catch (Exception e) {
            LOG.debug("Closing the event listener failed", e);
        }
        sender.interrupt();
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
