package dev.cordon.runtime.internal.manager;

import static dev.cordon.runtime.internal.manager.ManagerFakes.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.api.error.PluginResourceError;
import dev.cordon.runtime.internal.manager.ManagerFakes.PeakStore;
import dev.cordon.runtime.internal.manager.ManagerFakes.ScriptedScheduler;
import dev.cordon.runtime.internal.manager.ManagerFakes.SparesLauncher;
import dev.cordon.runtime.internal.manager.ManagerFakes.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reactive retry without a process: a resource error replaces the worker and runs the call again, up to a bound and
 * only for a plugin whose calls are safe to repeat; a dead worker is replaced before the next call.
 */
class CallRunnerTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private final Map<String, LoadedInstance> instances = new ConcurrentHashMap<>();
    private final List<LoadedInstance> replaced = new CopyOnWriteArrayList<>();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final ScriptedScheduler scheduler = new ScriptedScheduler(() -> true);
    private DiscoveredPlugin plugin;

    @BeforeEach
    void setUp() throws IOException {
        plugin = ManagerFakes.plugin(dir, "fake");
        instances.put("a", instance(plugin, "a", OptionalInt.empty(), clock));
    }

    private CallRunner runner(int maxRetries) {
        AdmissionControl admission = new AdmissionControl(
                () -> scheduler,
                () -> new SparesLauncher(0),
                PeakStore::new,
                () -> List.copyOf(instances.values()),
                s -> instances.remove(s.id(), s),
                Duration.ofSeconds(5),
                f -> {},
                (s, carried) -> Map.of());
        CallRunner runner = new CallRunner(
                id -> {
                    LoadedInstance s = instances.get(id);
                    if (s == null) {
                        throw new PluginNotLoadedError(id);
                    }
                    return s;
                },
                old -> {
                    replaced.add(old);
                    old.handle().stop(Duration.ZERO);
                    LoadedInstance fresh = instance(old.plugin(), old.id(), old.maxConcurrent(), clock);
                    instances.put(old.id(), fresh);
                    return fresh;
                },
                admission,
                maxRetries,
                guard(),
                Duration.ofSeconds(5),
                Runnable::run);
        runner.addRetryObserver((id, attempt, cause) -> heard.add(id + "#" + attempt + ": " + cause.getMessage()));
        return runner;
    }

    @Test
    void aResourceErrorReplacesTheWorkerAndRunsTheCallAgainOnTheFreshOne() {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> pids = new CopyOnWriteArrayList<>();

        Object result = runner(2).withRetry("a", s -> {
            pids.add(s.handle().pid());
            if (attempts.incrementAndGet() <= 2) {
                throw new PluginResourceError("out of memory", null, null);
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(replaced).hasSize(2);
        assertThat(pids)
                .as("each attempt ran on a different worker")
                .doesNotHaveDuplicates()
                .hasSize(3);
        assertThat(heard).containsExactly("a#1: out of memory", "a#2: out of memory");
        assertThat(scheduler.held).as("every attempt gave its allocation back").isEmpty();
        assertThat(scheduler.releases).hasValue(3);
        assertThat(instances.get("a").inFlight()).isZero();
    }

    @Test
    void retriesStopAtTheBoundAndTheLastErrorIsThrown() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> runner(2).withRetry("a", s -> {
                    throw new PluginResourceError("attempt " + attempts.incrementAndGet(), null, null);
                }))
                .isInstanceOf(PluginResourceError.class)
                .hasMessage("attempt 3");

        assertThat(replaced).hasSize(2);
        assertThat(scheduler.held).isEmpty();
    }

    @Test
    void noRetryWhenTheBoundIsZero() {
        assertThatThrownBy(() -> runner(0).withRetry("a", s -> {
                    throw new PluginResourceError("gone", null, null);
                }))
                .isInstanceOf(PluginResourceError.class);
        assertThat(replaced).isEmpty();
        assertThat(heard).isEmpty();
    }

    private CallGuard guard() {
        return new CallGuard(
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                replaced::add);
    }

    @Test
    void aPluginThatDeclaresItsCallsUnsafeToRepeatIsNeverRetried() throws IOException {
        instances.put(
                "a",
                instance(ManagerFakes.plugin(dir, "once", "{\"retry_safe\": false}"), "a", OptionalInt.empty(), clock));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> runner(2).withRetry("a", s -> {
                    attempts.incrementAndGet();
                    throw new PluginResourceError("out of memory", null, null);
                }))
                .isInstanceOf(PluginResourceError.class);

        assertThat(attempts).hasValue(1);
        assertThat(replaced).isEmpty();
        assertThat(heard).isEmpty();
    }

    @Test
    void anInstanceWhoseWorkerDiedGetsAFreshWorkerBeforeItsNextCall() {
        LoadedInstance dead = instances.get("a");
        dead.handle().stop(Duration.ZERO);

        Object pid = runner(2).withRetry("a", s -> s.handle().pid());

        assertThat(replaced).containsExactly(dead);
        assertThat(pid)
                .isNotEqualTo(dead.handle().pid())
                .isEqualTo(instances.get("a").handle().pid());
        assertThat(heard).as("a replacement is not a retry: nothing ran twice").isEmpty();
    }

    @Test
    void otherErrorsAreNotRetried() {
        assertThatThrownBy(() -> runner(2).withRetry("a", s -> {
                    throw new PluginInputError("bad argument");
                }))
                .isInstanceOf(PluginInputError.class);
        assertThat(replaced).isEmpty();
        assertThat(scheduler.held).isEmpty();
        assertThat(instances.get("a").calls()).isEqualTo(1);
    }

    @Test
    void aRefusalOfThePolicyIsNotRetried() {
        ScriptedScheduler refusing = new ScriptedScheduler(() -> false);
        AdmissionControl admission = new AdmissionControl(
                () -> refusing,
                () -> null,
                () -> null,
                List::of,
                s -> false,
                Duration.ofSeconds(5),
                f -> {},
                (s, carried) -> Map.of());
        CallRunner runner = new CallRunner(
                instances::get,
                old -> {
                    replaced.add(old);
                    return old;
                },
                admission,
                2,
                guard(),
                Duration.ofSeconds(5),
                Runnable::run);

        assertThatThrownBy(() -> runner.withRetry("a", s -> "never")).isInstanceOf(RefusedError.class);
        assertThat(replaced).isEmpty();
    }
}
