package dev.cordon.itests;

import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.runtime.internal.manager.HostServices;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import dev.cordon.store.memory.InMemoryConfigStore;
import dev.cordon.store.memory.InMemoryEmpiricalResourceStore;
import dev.cordon.store.memory.InMemorySecretStore;
import dev.cordon.testkit.failures.WorkerFailureSuite;
import dev.cordon.testkit.misbehaving.MisbehavingWorkers;
import dev.cordon.testkit.misbehaving.Misbehaviour;
import java.io.IOException;
import java.nio.file.Path;

/** The testkit's failure suite against Cordon's own launcher, manager and both workers. */
class WorkerFailureSuiteIT extends WorkerFailureSuite {

    @Override
    protected WorkerLauncher newLauncher() {
        return new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
    }

    @Override
    protected HostServices services(WorkerLauncher launcher) {
        return HostServices.of(
                launcher,
                new PermissiveScheduler(),
                new InMemoryConfigStore(),
                new InMemorySecretStore(),
                new InMemoryEmpiricalResourceStore(),
                null);
    }

    @Override
    protected Path manifest(Misbehaviour misbehaviour, String language, Path dir) throws IOException {
        if (language.equals("python")) {
            return MisbehavingWorkers.pythonManifest(misbehaviour, dir, "/usr/bin/python3");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return MisbehavingWorkers.javaManifest(
                misbehaviour,
                dir,
                ExampleManifests.example("misbehaving").resolve("target").resolve("env"),
                java);
    }
}
