package dev.cordon.runtime.internal.jobs.events;

/**
 * One subscriber of the {@link JobEventHub} as it stands.
 *
 * @param filter what it receives
 * @param capacity the most events its buffer holds
 * @param buffered events waiting in its buffer (published, not yet delivered)
 * @param delivered events handed to its {@code onNext}
 * @param dropped events it lost because its buffer was full
 */
public record SubscriberStats(JobEventFilter filter, int capacity, int buffered, long delivered, long dropped) {}
