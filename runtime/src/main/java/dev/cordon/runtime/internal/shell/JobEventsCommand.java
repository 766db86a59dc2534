package dev.cordon.runtime.internal.shell;

import dev.cordon.api.host.JobQueue;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobStatus;
import dev.cordon.runtime.internal.output.Destination;
import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cordon:events}: the queue's events as they happen, of every job or of one, until interrupted (Ctrl-C), the
 * timeout, or the one job followed ends. On a terminal each running job gets a progress bar; elsewhere every event is
 * one plain line (or, with {@code --json}, one JSON object per line).
 */
@Component(service = ShellCommands.class, property = ShellCommands.FUNCTIONS + "=events")
public final class JobEventsCommand implements ShellCommands {

    /** How often the command looks up from waiting to notice an interrupt or the deadline. */
    private static final long POLL_MS = 200;

    private final JobQueue queue;

    @Activate
    public JobEventsCommand(@Reference JobQueue queue) {
        this.queue = queue;
    }

    @Descriptor("follow the queue's events (all jobs, or one job until it ends) until interrupted")
    public String events(
            CommandSession session,
            @Descriptor("stop after this many seconds; 0 follows until interrupted")
                    @Parameter(names = "--timeout", absentValue = "0")
                    long timeoutSeconds,
            @Descriptor("a job id to follow; none follows every job") String... jobId) {
        boolean json = JsonOption.requested(session);
        if (jobId.length > 1) {
            throw JobCommands.unknown(String.join(" ", jobId));
        }
        String only = jobId.length == 1 ? jobId[0] : null;
        if (only != null
                && queue.job(only)
                        .orElseThrow(() -> JobCommands.unknown(only))
                        .status()
                        .terminal()) {
            return "job " + only + " has ended: " + JobJson.line(queue.job(only).orElseThrow());
        }
        PrintStream out = session.getConsole();
        JobBars bars = !json && Destination.of(session) == Destination.TERMINAL ? new JobBars(out) : null;
        BlockingQueue<JobEvent> received = new LinkedBlockingQueue<>();
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        (only == null ? queue.allEvents() : queue.events(only)).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                s.request(1);
            }

            @Override
            public void onNext(JobEvent item) {
                received.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                // The queue stopped: the loop below ends at its deadline or interrupt.
            }

            @Override
            public void onComplete() {
                // As onError.
            }
        });
        long deadline =
                timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
        int shown = 0;
        try {
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                JobEvent e = received.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (e == null) {
                    continue;
                }
                shown++;
                if (bars != null) {
                    bars.show(e);
                } else {
                    out.println(json ? Json.compact(JobJson.map(e)) : JobJson.line(e));
                }
                if (only != null && ended(e)) {
                    break;
                }
                Flow.Subscription s = subscription.get();
                if (s != null) {
                    s.request(1);
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        } finally {
            Flow.Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
        }
        return shown + " event(s)";
    }

    private static boolean ended(JobEvent e) {
        return e.type() == JobEventType.STATE_TRANSITION
                && e.payload().get("to") instanceof String to
                && JobStatus.fromWire(to).terminal();
    }
}
