package dev.cordon.scheduler.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.ResourceSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readings of real child processes that take a known amount of memory or CPU. */
class ProcessUsageTest {

    /** Touches every page of {@code MB} megabytes, says so, then sleeps. */
    private static final String ALLOCATE = "import sys, time\n"
            + "block = b'x' * (%d * 1024 * 1024)\n"
            + "print('ready', flush=True)\n"
            + "time.sleep(60)\n";

    private final ProcSystemMonitor monitor = ProcSystemMonitor.ofThisMachine();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process python(String code) throws IOException {
        Process process = new ProcessBuilder("python3", "-c", code)
                .redirectErrorStream(true)
                .start();
        started.add(process);
        return process;
    }

    /** Waits for the child to print {@code ready}: its memory is then allocated. */
    private static List<String> awaitReady(Process process) throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
            if (line.startsWith("ready")) {
                return lines;
            }
        }
        throw new AssertionError("the child exited before it was ready: " + lines);
    }

    @Test
    void measuresTheResidentMemoryOfAProcessThatAllocatedAKnownAmount() throws IOException {
        Process child = python(ALLOCATE.formatted(200));
        awaitReady(child);

        ProcessUsage usage = monitor.processUsage(child.pid()).orElseThrow();

        assertThat(usage.pids()).containsExactly(child.pid());
        assertThat(usage.rssMb()).isBetween(200.0, 400.0);
        assertThat(usage.gpuMemory()).isEmpty();
    }

    @Test
    void measuresAProcessTogetherWithItsChildAndGrandchild() throws IOException {
        String grandchild = ALLOCATE.formatted(150)
                .replace("'ready'", "'ready', os.getpid()")
                .replace("import sys", "import os, sys");
        String child = "import subprocess, sys\n"
                + "block = b'x' * (50 * 1024 * 1024)\n"
                + "subprocess.run([sys.executable, '-c', " + pythonString(grandchild) + "])\n";
        Process parent = python(child);
        long grandchildPid = Long.parseLong(awaitReady(parent).get(0).split(" ")[1]);

        ProcessUsage usage = monitor.processUsage(parent.pid()).orElseThrow();

        assertThat(usage.pids()).hasSize(2).startsWith(parent.pid()).contains(grandchildPid);
        assertThat(usage.rssMb()).isBetween(200.0, 450.0);
        assertThat(monitor.processUsage(grandchildPid).orElseThrow().rssMb()).isBetween(150.0, 300.0);
    }

    @Test
    void measuresTheCpuOfABusyProcessAndOfAnIdleOne() throws IOException {
        Process busy = python("print('ready', flush=True)\nwhile True: pass\n");
        Process idle = python("import time\nprint('ready', flush=True)\ntime.sleep(60)\n");
        awaitReady(busy);
        awaitReady(idle);

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> monitor.processUsage(busy.pid()).orElseThrow().cpuPercent() > 20);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> monitor.processUsage(idle.pid()).orElseThrow().cpuPercent() < 5);
    }

    @Test
    void snapshotOfAWorkerWithoutGpuHasNoGpuFields() throws IOException {
        Process child = python(ALLOCATE.formatted(20));
        awaitReady(child);

        ResourceSnapshot snapshot = monitor.snapshot(child.pid()).orElseThrow();

        assertThat(snapshot.workerPid()).isEqualTo(child.pid());
        assertThat(snapshot.memoryRssMb()).isGreaterThanOrEqualTo(20.0);
        assertThat(snapshot.gpuIndex()).isNull();
        assertThat(snapshot.gpuTotalMb()).isNull();
    }

    @Test
    void aProcessThatHasExitedHasNoUsage() throws InterruptedException, IOException {
        Process child = python("pass");
        child.waitFor(30, TimeUnit.SECONDS);

        assertThat(monitor.processUsage(child.pid())).isEmpty();
    }

    private static String pythonString(String code) {
        return "'" + code.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }
}
