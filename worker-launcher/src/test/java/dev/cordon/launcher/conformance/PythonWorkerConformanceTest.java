package dev.cordon.launcher.conformance;

import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.launcher.TestManifests;
import dev.cordon.testkit.worker.WorkerConformanceSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Protocol v1 on the Python worker ({@code worker-python/cordon_worker.py}), with the examples py-echo, py-streamer,
 * py-slow and py-errors on the interpreter their manifests name ({@code /usr/bin/python3}).
 */
class PythonWorkerConformanceTest extends WorkerConformanceSuite {

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
        return TestManifests.pythonExample(dir, pluginName(example));
    }

    @Override
    protected String pluginName(Example example) {
        return "py-" + example.name().toLowerCase(Locale.ROOT);
    }
}
