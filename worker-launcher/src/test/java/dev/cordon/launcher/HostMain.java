package dev.cordon.launcher;

import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A stand-in host process for tests that kill the host: launches one worker from the manifest given as the first
 * argument (the plugin named by the second, default {@code echo}), prints the worker's pid, then waits to be killed.
 * The worker logs to {@code host-death.log} beside the manifest.
 */
public final class HostMain {

    private HostMain() {}

    public static void main(String[] args) throws Exception {
        Path manifest = Path.of(args[0]);
        WorkerHandle h = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties())
                .launch(
                        PluginLoadSpec.of(args.length > 1 ? args[1] : "echo", manifest),
                        new LaunchOptions(
                                "host-death",
                                Map.of(),
                                manifest.resolveSibling("host-death.log"),
                                Duration.ofSeconds(60)));
        System.out.println(h.pid());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
}
