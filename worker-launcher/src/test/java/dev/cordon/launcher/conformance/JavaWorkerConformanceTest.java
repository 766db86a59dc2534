package dev.cordon.launcher.conformance;

import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.launcher.TestManifests;
import dev.cordon.testkit.worker.WorkerConformanceSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Protocol v1 on the Java worker, with the Java examples echo, streamer, slow and errors. */
class JavaWorkerConformanceTest extends WorkerConformanceSuite {

    @Override
    protected WorkerLauncher newLauncher() {
        return LauncherConformance.launcher();
    }

    @Override
    protected ProcessBuilder hostProcess(Path manifest, String pluginName) {
        return LauncherConformance.hostProcess(manifest, pluginName);
    }

    @Override
    protected Path manifest(Path dir, Example example) throws IOException {
        return TestManifests.javaExample(dir, pluginName(example));
    }

    @Override
    protected String pluginName(Example example) {
        return example.name().toLowerCase(Locale.ROOT);
    }
}
