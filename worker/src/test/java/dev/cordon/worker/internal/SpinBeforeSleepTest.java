package dev.cordon.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.IntSupplier;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SpinBeforeSleepTest {

    /** A selector that finds a ready socket at its {@code readyAt}-th poll (never when 0), counting polls. */
    private static final class Polls implements IntSupplier {
        final AtomicInteger count = new AtomicInteger();
        final int readyAt;

        Polls(int readyAt) {
            this.readyAt = readyAt;
        }

        @Override
        public int get() {
            return count.incrementAndGet() == readyAt ? 1 : 0;
        }
    }

    @Test
    void pollsUntilASocketIsReady() throws Exception {
        SelectStrategy strategy =
                SpinBeforeSleep.factory(TimeUnit.SECONDS.toMicros(10)).newSelectStrategy();
        Polls polls = new Polls(3);
        assertThat(strategy.calculateStrategy(polls, false)).isEqualTo(1);
        assertThat(polls.count).hasValue(3);
    }

    @Test
    void sleepsWhenThePollEndsWithNothingReady() throws Exception {
        SelectStrategy strategy = SpinBeforeSleep.factory(2000).newSelectStrategy();
        Polls polls = new Polls(0);
        long start = System.nanoTime();
        assertThat(strategy.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MICROSECONDS.toNanos(2000));
        assertThat(polls.count.get()).isPositive();
    }

    @Test
    void aLoopWhoseLastSleepOutlastedThePollSleepsAtOnce() throws Exception {
        SelectStrategy strategy = SpinBeforeSleep.factory(200_000).newSelectStrategy();
        assertThat(strategy.calculateStrategy(new Polls(0), false)).isEqualTo(SelectStrategy.SELECT);
        Thread.sleep(400);
        Polls rare = new Polls(0);
        assertThat(strategy.calculateStrategy(rare, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(rare.count).hasValue(0);
        // Requests back to back again: the next wake-up comes sooner than the poll lasts, so it polls.
        Polls busy = new Polls(2);
        assertThat(strategy.calculateStrategy(busy, false)).isEqualTo(1);
        assertThat(busy.count).hasValue(2);
    }

    @Test
    void aPausedLoopAndAZeroPollNeverPoll() throws Exception {
        SelectStrategy off = SpinBeforeSleep.factory(0).newSelectStrategy();
        Polls polls = new Polls(1);
        assertThat(off.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(polls.count).hasValue(0);

        SpinBeforeSleep paused =
                (SpinBeforeSleep) SpinBeforeSleep.factory(10_000).newSelectStrategy();
        paused.pause();
        assertThat(paused.calculateStrategy(polls, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(polls.count).hasValue(0);
        assertThat(SpinBeforeSleep.ofThisLoop()).isSameAs(paused);
        paused.resume();
        assertThat(paused.calculateStrategy(new Polls(1), false)).isEqualTo(1);
    }

    @Test
    void aTaskForAPollingLoopRunsAtOnce() throws Exception {
        // A poll of 3 s: a task that waited for its end would take seconds, not milliseconds.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                1, NioIoHandler.newFactory(SelectorProvider.provider(), SpinBeforeSleep.factory(3_000_000)));
        try {
            EventLoop loop = group.next();
            loop.submit(() -> {}).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                loop.submit(() -> {}).get(5, TimeUnit.SECONDS);
                assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
            }
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pendingTasksAreTakenWithoutPolling() throws Exception {
        SelectStrategy strategy = SpinBeforeSleep.factory(10_000).newSelectStrategy();
        Polls polls = new Polls(0);
        assertThat(strategy.calculateStrategy(polls, true)).isZero();
        assertThat(polls.count).hasValue(1);
    }
}
