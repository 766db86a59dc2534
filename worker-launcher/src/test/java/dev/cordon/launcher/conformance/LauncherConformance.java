package dev.cordon.launcher.conformance;

import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.launcher.HostMain;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import java.nio.file.Path;
import java.util.List;

/** What both workers' conformance runs share: the real launcher, and {@link HostMain} as the host to kill. */
final class LauncherConformance {

    private LauncherConformance() {}

    static WorkerLauncher launcher() {
        return new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
    }

    static ProcessBuilder hostProcess(Path manifest, String pluginName) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dcordon.worker.lib=" + System.getProperty("cordon.worker.lib"),
                "-Dcordon.worker.python=" + System.getProperty("cordon.worker.python"),
                HostMain.class.getName(),
                manifest.toString(),
                pluginName));
    }
}
