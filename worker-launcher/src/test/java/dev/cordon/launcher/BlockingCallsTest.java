package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.host.Call;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocking calls run on the calling thread's own event loop, with real workers: the answer is read by the thread that
 * waits for it; a timeout, an interrupt, a worker's death and the transport's close each end the wait with their
 * typed error; a thread that has ended leaves no socket or selector behind once its loop is reaped.
 */
class BlockingCallsTest {

    private static final Duration CALL = Duration.ofSeconds(20);
    private final ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
    private final ProxyTransport transport = new ProxyTransport(1);
    private final List<WorkerHandle> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        transport.close();
        started.forEach(h -> h.stop(Duration.ofSeconds(2)));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(started.stream()
                                .filter(h -> !WorkerProcesses.exited(h.pid()))
                                .toList())
                        .isEmpty());
    }

    @Test
    void theAnswerIsReadByTheThreadThatWaitsForIt() throws Exception {
        WorkerClient client = client("echo");

        Thread reader = client.executeReply(new Call(List.of(), Map.of("n", 1L)), CALL)
                .thenApply(reply -> Thread.currentThread())
                .get(20, TimeUnit.SECONDS);
        Thread async = client.executeReplyAsync(new Call(List.of(), Map.of("n", 2L)), CALL)
                .thenApply(reply -> Thread.currentThread())
                .get(20, TimeUnit.SECONDS);

        assertThat(reader).isSameAs(Thread.currentThread());
        assertThat(async.getName())
                .as("an asynchronous answer comes on a shared loop")
                .startsWith("cordon-proxy-io");
        assertThat(client.execute(List.of(), Map.of("n", 3L), CALL))
                .isEqualTo(Map.of("args", List.of(), "kwargs", Map.of("n", 3L)));
    }

    @Test
    void theCallsOfOneThreadShareOneConnection() throws Exception {
        WorkerClient client = client("echo");
        client.execute(List.of(), Map.of(), CALL);
        long open = descriptors();

        for (int i = 0; i < 50; i++) {
            client.execute(List.of(), Map.of("i", (long) i), CALL);
        }

        assertThat(descriptors()).isEqualTo(open);
        assertThat(transport.callerLoops()).isEqualTo(1);
    }

    @Test
    void aTimedOutCallClosesItsConnectionAndTheThreadCallsOn() throws Exception {
        WorkerClient client = client("slow");
        long t = System.nanoTime();

        assertThatThrownBy(() -> client.execute(List.of(), Map.of("steps", 50L), Duration.ofMillis(300)))
                .isInstanceOf(PluginTimeoutError.class);

        assertThat(System.nanoTime() - t).isLessThan(TimeUnit.SECONDS.toNanos(4));
        assertThat(client.call(Endpoint.HEALTH, null, CALL)).isInstanceOf(Map.class);
    }

    @Test
    void anInterruptEndsTheWaitAsACancel() throws Exception {
        WorkerClient client = client("slow");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = longCallOn(client, failure);

        caller.interrupt();

        assertThat(failureOnceEnded(caller, failure, 5000)).isInstanceOf(PluginCancelledError.class);
    }

    @Test
    void aWorkerThatDiesDuringTheCallFailsItWithItsDeath() throws Exception {
        WorkerHandle handle = spawn("slow");
        WorkerClient client = new WorkerClient(handle, "slow", transport, 2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = longCallOn(client, failure);

        ProcessHandle.of(handle.pid()).orElseThrow().destroyForcibly();

        assertThat(failureOnceEnded(caller, failure, 10_000))
                .isInstanceOf(PluginError.class)
                .isNotInstanceOf(PluginTimeoutError.class)
                .hasMessageContaining("slow");
    }

    @Test
    void closingTheTransportEndsAWaitingCall() throws Exception {
        WorkerClient client = client("slow");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = longCallOn(client, failure);

        transport.close();

        assertThat(failureOnceEnded(caller, failure, 5000))
                .isInstanceOf(PluginFatalError.class)
                .hasMessageContaining("host is stopping");
        assertThat(transport.callerLoops()).isZero();
    }

    @Test
    void aThreadThatHasEndedLeavesNoSocketOrSelectorOnceReaped() throws Exception {
        WorkerClient client = client("echo");
        client.call(Endpoint.HEALTH, null, CALL);
        long before = descriptors();
        int loops = transport.callerLoops();

        Thread caller = new Thread(() -> client.execute(List.of(), Map.of(), CALL));
        caller.start();
        caller.join(20_000);
        assertThat(transport.callerLoops()).isEqualTo(loops + 1);
        assertThat(descriptors()).as("its selector and its connection").isGreaterThan(before);

        transport.reapCallerLoops();

        assertThat(transport.callerLoops()).isEqualTo(loops);
        await().atMost(Duration.ofSeconds(5)).until(() -> descriptors() == before);
    }

    private WorkerClient client(String example) throws IOException {
        return new WorkerClient(spawn(example), example, transport, 2);
    }

    private WorkerHandle spawn(String example) throws IOException {
        Path manifest = TestManifests.javaExample(dir, example);
        WorkerHandle handle = launcher.launch(
                PluginLoadSpec.of(example, manifest),
                new LaunchOptions(example, Map.of(), dir.resolve(example + ".log"), Duration.ofSeconds(30)));
        started.add(handle);
        return handle;
    }

    /** A thread making a ten-second call on the {@code slow} worker, once the call runs; its failure goes to {@code failure}. */
    private static Thread longCallOn(WorkerClient client, AtomicReference<Throwable> failure) {
        Thread caller = new Thread(() -> {
            try {
                client.execute(List.of(), Map.of("steps", 100L), CALL);
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        caller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> progress(client) > 0);
        return caller;
    }

    /** What {@code caller}'s call failed with, once the thread has ended, which it must within {@code millis}. */
    private static Throwable failureOnceEnded(Thread caller, AtomicReference<Throwable> failure, long millis)
            throws InterruptedException {
        caller.join(millis);
        assertThat(caller.isAlive()).as("the calling thread ended").isFalse();
        return failure.get();
    }

    private static double progress(WorkerClient client) {
        Object answer = client.callAsync(Endpoint.PROGRESS, null, CALL).join();
        return answer instanceof Map<?, ?> m && m.get("progress") instanceof Number n ? n.doubleValue() : 0;
    }

    /** This JVM's open sockets and event-poll descriptors. */
    private static long descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString();
                        } catch (IOException gone) {
                            return "";
                        }
                    })
                    .filter(target -> target.startsWith("socket:") || target.contains("eventpoll"))
                    .count();
        }
    }
}
