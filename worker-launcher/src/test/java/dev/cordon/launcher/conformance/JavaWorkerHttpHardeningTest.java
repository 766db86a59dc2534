package dev.cordon.launcher.conformance;

import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.launcher.TestManifests;
import dev.cordon.testkit.worker.HttpHardeningSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The HTTP limits on the Java worker, with echo. */
class JavaWorkerHttpHardeningTest extends HttpHardeningSuite {

    @Override
    protected WorkerLauncher newLauncher() {
        return LauncherConformance.launcher();
    }

    @Override
    protected Path echoManifest(Path dir, Map<String, String> env) throws IOException {
        Path manifest = TestManifests.javaExample(dir, "echo");
        // The Java example's manifest has no env_vars of its own; withEnv fills an empty one.
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replace("\"runtime\": \"java\",", "\"runtime\": \"java\", \"env_vars\": {},"));
        return TestManifests.withEnv(manifest, env);
    }
}
