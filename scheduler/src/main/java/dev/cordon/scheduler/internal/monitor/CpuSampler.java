package dev.cordon.scheduler.internal.monitor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Turns the CPU ticks of a process tree into a share of CPU, by comparing each reading with the previous
 * reading of the same process. The first reading of a process compares with its start.
 *
 * <p>Ticks are {@code USER_HZ} = 100 per second, the value the kernel fixes for userspace on every mainstream
 * architecture. Readings are kept per process (pid and start time, so a reused pid starts afresh) and dropped
 * once the process is gone.
 */
final class CpuSampler {

    static final long TICKS_PER_SECOND = 100;

    private record Key(long pid, long startTime) {}

    private record Sample(long ticks, long nanos) {}

    private final Map<Key, Sample> previous = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    /** @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests */
    CpuSampler(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * The CPU share of {@code tree} (root first) since the previous call for the same root, where 100 is one
     * processor fully busy.
     *
     * @param uptimeSeconds seconds since boot, from {@code /proc/uptime}, for a root seen the first time
     */
    double percent(List<ProcStat> tree, double uptimeSeconds) {
        ProcStat root = tree.get(0);
        long ticks = tree.stream().mapToLong(ProcStat::cpuTicks).sum();
        long now = nanoTime.getAsLong();
        Sample last = previous.put(new Key(root.pid(), root.startTime()), new Sample(ticks, now));
        double seconds;
        long usedTicks;
        if (last == null) {
            seconds = uptimeSeconds - (double) root.startTime() / TICKS_PER_SECOND;
            usedTicks = ticks;
        } else {
            seconds = (now - last.nanos()) / 1e9;
            // Children that exited unreaped take their ticks with them; the share cannot go below zero.
            usedTicks = Math.max(0, ticks - last.ticks());
        }
        if (seconds <= 0) {
            return 0;
        }
        return 100.0 * usedTicks / TICKS_PER_SECOND / seconds;
    }

    /** Drops the readings of processes that no longer exist. */
    void retainOnly(ProcessTable table) {
        previous.keySet().removeIf(k -> !table.contains(k.pid(), k.startTime()));
    }
}
