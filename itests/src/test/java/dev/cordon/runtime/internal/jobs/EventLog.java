package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** Every event a publisher delivers, requested without limit. */
final class EventLog implements Flow.Subscriber<JobEvent> {

    final List<JobEvent> events = new CopyOnWriteArrayList<>();

    static EventLog of(Flow.Publisher<JobEvent> publisher) {
        EventLog log = new EventLog();
        publisher.subscribe(log);
        return log;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(JobEvent item) {
        events.add(item);
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    /** The {@code to} of each event of this type for this job, in order. */
    List<Object> to(String jobId, JobEventType type) {
        return events.stream()
                .filter(e -> e.jobId().equals(jobId) && e.type() == type)
                .map(e -> e.payload().get("to"))
                .toList();
    }
}
