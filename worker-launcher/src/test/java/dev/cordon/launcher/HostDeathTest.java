package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host that dies without warning takes its worker with it: no worker outlives what started it. */
class HostDeathTest {

    @TempDir
    Path dir;

    @AfterAll
    static void noWorkerRemains() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(WorkerProcesses.running()).isEmpty());
    }

    /** Gone, or a zombie waiting to be reaped: either way it runs no more. */
    static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return true;
        }
    }

    @Test
    void aWorkerExitsWhenItsHostIsKilledWithSigkill() throws Exception {
        Path manifest = TestManifests.javaExample(dir, "echo");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process host = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dcordon.worker.lib=" + System.getProperty("cordon.worker.lib"), HostMain.class.getName(),
                manifest.toString()))
                .redirectError(dir.resolve("host.err").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
            String pidLine = out.readLine();
            assertThat(pidLine).as("worker pid from the host; host stderr: %s",
                    Files.exists(dir.resolve("host.err")) ? Files.readString(dir.resolve("host.err")) : "")
                    .isNotNull().matches("\\d+");
            ProcessHandle worker = ProcessHandle.of(Long.parseLong(pidLine)).orElseThrow();
            assertThat(worker.isAlive()).isTrue();

            long killed = System.nanoTime();
            host.destroyForcibly(); // SIGKILL: the host gets no chance to stop its worker
            assertThat(host.waitFor(10, TimeUnit.SECONDS)).isTrue();

            // The orphaned worker is reaped by init, which may take a while here; a zombie has already exited.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> exited(worker.pid()));
            long ms = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("worker %d exited %d ms after its host was killed%n", worker.pid(), ms);
            String log = Files.readString(manifest.resolveSibling("host-death.log"));
            assertThat(log).contains("host gone");
        } finally {
            host.destroyForcibly();
            host.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }
}
