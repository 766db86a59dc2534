package dev.cordon.runtime.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.spi.WorkerLauncher;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Jobs wait while no worker launcher is bound, and their block reason says whether one is only not there yet. */
class ManagerTargetTest {

    @Test
    void aMissingLauncherBlocksJobsWithAReasonThatKnowsTheRuntimeIsStarting() {
        AtomicReference<WorkerLauncher> launcher = new AtomicReference<>();
        AtomicBoolean starting = new AtomicBoolean(true);
        ManagerTarget target = new ManagerTarget(null, Runnable::run, () -> null, launcher::get, starting::get);

        assertThat(target.unavailable()).contains("waiting for the worker launcher: the runtime is still starting");
        starting.set(false);
        assertThat(target.unavailable())
                .contains("no worker launcher is available; check the dev.cordon.launcher bundle (cordon:status)");
        // Any bound launcher will do: this check only asks whether there is one.
        launcher.set((WorkerLauncher) Proxy.newProxyInstance(
                WorkerLauncher.class.getClassLoader(), new Class<?>[] {WorkerLauncher.class}, (p, m, a) -> null));
        assertThat(target.unavailable()).isEmpty();
    }
}
