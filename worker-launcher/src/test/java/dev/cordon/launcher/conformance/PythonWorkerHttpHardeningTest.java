package dev.cordon.launcher.conformance;

import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.launcher.TestManifests;
import dev.cordon.testkit.worker.HttpHardeningSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The HTTP limits on the Python worker, with py-echo. */
class PythonWorkerHttpHardeningTest extends HttpHardeningSuite {

    @Override
    protected WorkerLauncher newLauncher() {
        return LauncherConformance.launcher();
    }

    @Override
    protected Path echoManifest(Path dir, Map<String, String> env) throws IOException {
        return TestManifests.withEnv(TestManifests.pythonExample(dir, "py-echo"), env);
    }
}
