package dev.cordon.runtime.internal.manager;

import static dev.cordon.runtime.internal.manager.ManagerFakes.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginDisabledError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.runtime.internal.manager.ManagerFakes.PeakStore;
import dev.cordon.runtime.internal.manager.ManagerFakes.ScriptedScheduler;
import dev.cordon.runtime.internal.manager.ManagerFakes.SparesLauncher;
import dev.cordon.runtime.internal.manager.ManagerFakes.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admission without a process: scheduling, making room (spares, then eviction in order), the cap. */
class AdmissionControlTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private final List<LoadedInstance> loaded = new CopyOnWriteArrayList<>();
    private final List<String> evicted = new CopyOnWriteArrayList<>();
    private final List<AdmissionControl.Finished> finished = new CopyOnWriteArrayList<>();
    private DiscoveredPlugin plugin;

    @BeforeEach
    void plugin() throws IOException {
        plugin = ManagerFakes.plugin(dir, "fake");
    }

    private LoadedInstance load(String id) {
        return load(id, OptionalInt.empty());
    }

    private LoadedInstance load(String id, OptionalInt cap) {
        LoadedInstance s = instance(plugin, id, cap, clock);
        loaded.add(s);
        return s;
    }

    private AdmissionControl admission(
            ScriptedScheduler scheduler, SparesLauncher launcher, PeakStore store, Duration wait) {
        return new AdmissionControl(
                () -> scheduler,
                () -> launcher,
                () -> store,
                () -> List.copyOf(loaded),
                s -> {
                    evicted.add(s.id());
                    return loaded.remove(s);
                },
                wait,
                finished::add,
                // A worker that sent nothing with its answer is read afterwards (the original's workers).
                (s, carried) -> carried.isEmpty() ? Map.of("tokens", 3.0) : carried);
    }

    private AdmissionControl permissive() {
        return admission(
                new ScriptedScheduler(() -> true), new SparesLauncher(0), new PeakStore(), Duration.ofSeconds(5));
    }

    @Test
    void anAdmittedCallHoldsItsAllocationUntilItFinishesOnce() {
        ScriptedScheduler scheduler = new ScriptedScheduler(() -> true);
        AdmissionControl control = admission(scheduler, new SparesLauncher(0), new PeakStore(), Duration.ofSeconds(5));
        LoadedInstance s = load("a");

        Admission admitted = control.admit(s);
        assertThat(scheduler.held).hasSize(1);
        assertThat(s.inFlight()).isEqualTo(1);

        admitted.finish(true);
        admitted.finish(false);
        assertThat(scheduler.held).isEmpty();
        assertThat(scheduler.releases).hasValue(1);
        assertThat(s.inFlight()).isZero();
        assertThat(s.calls()).isEqualTo(1);
        assertThat(finished).singleElement().satisfies(f -> {
            assertThat(f.instance()).isSameAs(s);
            assertThat(f.success()).isTrue();
            assertThat(f.usage())
                    .as("the plugin's reported usage travels with the call")
                    .containsEntry("tokens", 3.0);
        });
    }

    @Test
    void theUsageAnAnswerCarriedIsTheCallsUsage() {
        Admission admitted = permissive().admit(load("a"));
        admitted.carried(() -> Map.of("tokens", 7.0));
        admitted.finish(true);
        assertThat(finished)
                .singleElement()
                .satisfies(f -> assertThat(f.usage()).containsExactly(Map.entry("tokens", 7.0)));
    }

    @Test
    void aFailedCallReportsNoUsage() {
        AdmissionControl control = permissive();
        control.admit(load("a")).finish(false);
        assertThat(finished)
                .singleElement()
                .satisfies(f -> assertThat(f.usage()).isEmpty());
    }

    @Test
    void aDisabledInstanceIsRefusedBeforeThePolicyIsAsked() {
        ScriptedScheduler scheduler = new ScriptedScheduler(() -> true);
        AdmissionControl control = admission(scheduler, new SparesLauncher(0), new PeakStore(), Duration.ofSeconds(5));
        LoadedInstance s = load("a");
        s.disable();

        assertThatThrownBy(() -> control.admit(s)).isInstanceOf(PluginDisabledError.class);
        assertThat(scheduler.held).isEmpty();
        assertThat(s.onDisableRanAt())
                .as("no call was in flight, so on_disable ran at once")
                .isPresent();
    }

    @Test
    void withoutAPolicyNothingRunsAndTheMessageSaysWhatToCheck() {
        AdmissionControl control = new AdmissionControl(
                () -> null,
                () -> null,
                () -> null,
                List::of,
                s -> true,
                Duration.ofSeconds(1),
                f -> {},
                (s, carried) -> Map.of());
        assertThatThrownBy(() -> control.admit(load("a")))
                .isInstanceOf(PluginTransientError.class)
                .hasMessageContaining("No scheduling policy is active")
                .hasMessageContaining("cordon:status");
    }

    @Test
    void aCallThatFindsNoPolicyWaitsForTheNextOneInsteadOfFailing() throws Exception {
        java.util.concurrent.atomic.AtomicReference<dev.cordon.api.scheduling.ResourceScheduler> policy =
                new java.util.concurrent.atomic.AtomicReference<>();
        AdmissionControl control = new AdmissionControl(
                policy::get,
                () -> null,
                () -> null,
                List::of,
                s -> true,
                Duration.ofSeconds(10),
                f -> {},
                (s, carried) -> Map.of());
        ScriptedScheduler next = new ScriptedScheduler(() -> true);
        Thread swap = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            policy.set(next);
        });
        swap.start();

        Admission admitted = control.admit(load("a"));

        assertThat(admitted).isNotNull();
        admitted.finish(true);
        swap.join();
    }

    @Test
    void aRefusalStopsTheSparesBeforeAnyInstanceIsEvicted() {
        SparesLauncher launcher = new SparesLauncher(2);
        ScriptedScheduler scheduler = new ScriptedScheduler(() -> launcher.spares.get() == 0);
        AdmissionControl control = admission(scheduler, launcher, new PeakStore(), Duration.ofSeconds(5));
        load("idle");
        LoadedInstance s = load("a");

        control.admit(s).finish(true);

        assertThat(launcher.stopCalls).hasValue(1);
        assertThat(evicted).isEmpty();
    }

    @Test
    void idleInstancesAreEvictedLeastRecentlyUsedFirstThenHighestMeasuredPeakFirst() {
        PeakStore peaks = new PeakStore()
                .peak("small", 100)
                .peak("large", 500)
                .peak("middle", 300)
                .peak("recent", 900);
        // Refuse until every idle instance is gone, so that the whole order shows.
        ScriptedScheduler scheduler = new ScriptedScheduler(() -> evicted.size() == 4);
        AdmissionControl control = admission(scheduler, new SparesLauncher(0), peaks, Duration.ofSeconds(5));
        load("small");
        load("large");
        load("middle");
        LoadedInstance recent = load("recent");
        LoadedInstance busy = load("busy");
        LoadedInstance caller = load("caller");
        clock.advance(Duration.ofSeconds(5));
        permissive().admit(recent).finish(true);
        Admission running = permissive().admit(busy);

        control.admit(caller).finish(true);

        assertThat(evicted)
                .as("same age: highest peak first; the recently used one last; busy and caller kept")
                .containsExactly("large", "middle", "small", "recent");
        running.finish(true);
    }

    @Test
    void evictionStopsAsSoonAsThePolicyGrants() {
        ScriptedScheduler scheduler = new ScriptedScheduler(() -> !evicted.isEmpty());
        AdmissionControl control = admission(scheduler, new SparesLauncher(0), new PeakStore(), Duration.ofSeconds(5));
        load("old");
        clock.advance(Duration.ofSeconds(1));
        load("newer");
        LoadedInstance caller = load("caller");

        control.admit(caller).finish(true);

        assertThat(evicted).containsExactly("old");
        assertThat(loaded).extracting(LoadedInstance::id).containsExactly("newer", "caller");
    }

    @Test
    void aPolicyThatStillRefusesWithNothingLeftToEvictGivesARefusalThatIsNotRetried() {
        ScriptedScheduler scheduler = new ScriptedScheduler(() -> false);
        AdmissionControl control = admission(scheduler, new SparesLauncher(1), new PeakStore(), Duration.ofSeconds(5));
        load("idle");
        LoadedInstance caller = load("caller");

        assertThatThrownBy(() -> control.admit(caller))
                .isInstanceOf(RefusedError.class)
                .hasMessageContaining("no room for caller");
        assertThat(evicted).containsExactly("idle");
        assertThat(caller.inFlight()).isZero();
    }

    @Test
    void theCapHoldsACallUntilASlotIsFreeAndRefusesWhenTheWaitRunsOut() throws Exception {
        ScriptedScheduler scheduler = new ScriptedScheduler(() -> true);
        AdmissionControl control = admission(scheduler, new SparesLauncher(0), new PeakStore(), Duration.ofMillis(300));
        LoadedInstance s = load("capped", OptionalInt.of(1));

        Admission first = control.admit(s);
        assertThatThrownBy(() -> control.admit(s))
                .isInstanceOf(PluginTransientError.class)
                .hasMessageContaining("cap of 1");
        assertThat(scheduler.held)
                .as("the refused call gave its allocation back")
                .hasSize(1);

        AtomicBoolean waiting = new AtomicBoolean(true);
        AdmissionControl patient = admission(scheduler, new SparesLauncher(0), new PeakStore(), Duration.ofSeconds(30));
        CompletableFuture<Admission> second = CompletableFuture.supplyAsync(() -> {
            Admission a = patient.admit(s);
            waiting.set(false);
            return a;
        });
        assertThat(waiting).isTrue();
        first.finish(true);
        Admission got = second.get(10, TimeUnit.SECONDS);
        assertThat(s.inFlight()).isEqualTo(1);
        got.finish(true);
        assertThat(s.inFlight()).isZero();
        assertThat(scheduler.held).isEmpty();
    }

    @Test
    void aCapChangeAppliesToTheNextCalls() {
        AdmissionControl control = admission(
                new ScriptedScheduler(() -> true), new SparesLauncher(0), new PeakStore(), Duration.ofMillis(100));
        LoadedInstance s = load("a", OptionalInt.of(1));
        Admission first = control.admit(s);
        s.setCap(OptionalInt.of(2));
        List<Admission> more = new ArrayList<>();
        more.add(control.admit(s));
        more.add(control.admit(s));
        assertThat(s.inFlight()).isEqualTo(3);
        first.finish(true);
        more.forEach(a -> a.finish(true));
        assertThat(s.view().maxConcurrentRequests()).hasValue(2);
    }
}
