package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker the kernel's out-of-memory killer ends, for real: the plugin's interpreter is a wrapper that moves each of
 * its workers into a memory cgroup of 1 GiB made for the test (what {@code cgexec} does), a Python plugin fills memory
 * until the kernel kills its worker, and the call fails with the out-of-memory error (after the manager's retries on
 * fresh workers), the journal records each worker's exit with the cause {@code oom_killed}, and the serve, outside
 * that cgroup, lives on. (A serve inside its workers' limit is not a test that can pass every time: once the kernel
 * has picked a dying worker, a host allocating before the worker's memory is given back is the only process left to
 * pick.) Needs a writable cgroup v1 memory hierarchy (as on this project's machines); elsewhere it is skipped, saying
 * why.
 */
@EnabledOnOs(OS.LINUX)
class OutOfMemoryKillIT {

    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
    private static final long LIMIT = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aWorkerTheKernelKillsForMemoryFailsItsCallTypedAndIsJournalledAsOomKilled() throws Exception {
        Path cgroup = limitedCgroup();
        Process serve = null;
        try {
            Path home = Distribution.copyTo(dir.resolve("cordon"));
            hogPlugin(home, cgroup);
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/cordon").toString(), "serve")
                    .directory(home.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(home.resolve("stdout.txt").toFile())
                    .redirectError(home.resolve("stderr.txt").toFile());
            pb.environment().remove("CORDON_HOME");
            pb.environment().remove("CORDON_DATA");
            serve = pb.start();
            long pid = serve.pid();
            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(CordonProcess.read(home.resolve("stdout.txt")))
                            .as("stderr: %s", CordonProcess.read(home.resolve("stderr.txt")))
                            .contains("Cordon ready: home " + home)
                            .contains("pid " + pid));

            CordonProcess.Result exec =
                    CordonProcess.run(home, 300, "shell", "-c", "cordon:exec py-hog '{\"mb\": 4096}'");

            assertThat(exec.exitCode()).as(exec.stdout()).isNotZero();
            assertThat(exec.stdout() + exec.stderr())
                    .contains("Worker of 'py-hog'")
                    .contains("was killed by the kernel's out-of-memory killer")
                    .contains("retry 2 of 2 on a fresh worker");
            CordonProcess.Result journal = CordonProcess.run(
                    home, 60, "shell", "-c", "cordon:journal --kind worker_exited --instance py-hog --json");
            assertThat(journal.exitCode()).as(journal.stderr()).isZero();
            List<String> causes = new ArrayList<>();
            for (JsonElement e : JsonParser.parseString(journal.stdout()).getAsJsonArray()) {
                JsonObject detail = e.getAsJsonObject().getAsJsonObject("detail");
                causes.add(detail.get("cause").getAsString());
            }
            // The first call and the manager's two retries, each on a fresh worker the kernel killed.
            assertThat(causes).as(journal.stdout()).containsExactly("oom_killed", "oom_killed", "oom_killed");
            assertThat(serve.isAlive()).as("the serve outlives its workers").isTrue();
        } finally {
            if (serve != null) {
                CordonProcess.kill(serve);
            }
            removeWhenEmpty(cgroup);
        }
    }

    /** A child memory cgroup limited to {@link #LIMIT} with no swap; the test is skipped where none can be made. */
    private static Path limitedCgroup() {
        Path cgroup = MEMORY.resolve("cordon-oom-it-" + UUID.randomUUID());
        try {
            Files.createDirectory(cgroup);
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("no writable cgroup v1 memory hierarchy at " + MEMORY + " (" + e
                    + "): a real out-of-memory kill needs a memory limit around the serve");
        }
        try {
            Files.writeString(cgroup.resolve("memory.limit_in_bytes"), Long.toString(LIMIT));
            Path swap = cgroup.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(swap)) {
                Files.writeString(swap, Long.toString(LIMIT));
            }
        } catch (IOException e) {
            removeWhenEmpty(cgroup);
            Assumptions.abort("cannot limit the memory of " + cgroup + ": " + e);
        }
        return cgroup;
    }

    private static void removeWhenEmpty(Path cgroup) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                Files.deleteIfExists(cgroup);
                return;
            } catch (IOException e) {
                // Busy while the killed processes are reaped.
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * A Python plugin that holds {@code mb} MiB, each page written, beside the distribution's examples; its interpreter
     * is a script that moves the worker into {@code cgroup} before it runs Python.
     */
    private static void hogPlugin(Path home, Path cgroup) throws IOException {
        Path env = Files.createDirectories(home.resolve("examples/py-hog"));
        Path python = env.resolve("limited-python3");
        Files.writeString(
                python,
                "#!/bin/sh\necho $$ > " + cgroup.resolve("cgroup.procs")
                        + " || exit 97\nexec /usr/bin/python3 \"$@\"\n");
        python.toFile().setExecutable(true);
        Files.writeString(env.resolve("py_hog.py"), """
                from cordon_plugin import CordonPlugin


                class HogPlugin(CordonPlugin):
                    name = "py-hog"
                    version = "1.0.0"
                    description = "Holds memory until told how much is enough"

                    def execute(self, mb=64):
                        held = [bytearray(b"x") * (1024 * 1024) for _ in range(int(mb))]
                        return {"held_mb": len(held)}
                """);
        Files.writeString(home.resolve("examples/manifests/py-hog.json"), """
                {"format_version": "2.0",
                 "install": {"python_path": "%s", "runtime": "python", "env_dir": "../py-hog"},
                 "code": {"name": "py-hog", "version": "1.0.0", "description": "Holds memory",
                          "module": "py_hog", "class": "HogPlugin", "interface": "cordon_plugin.CordonPlugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(python));
    }
}
