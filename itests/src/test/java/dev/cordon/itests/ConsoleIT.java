package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive console of {@code bin/cordon}, driven through a pseudo terminal and through a pipe. */
class ConsoleIT {

    private static final Duration BOOT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    static Path home;

    @BeforeAll
    static void copyDistribution() throws Exception {
        home = Distribution.copyTo(dir.resolve("cordon"));
    }

    @Test
    void completesKeepsNonAsciiAndHistoryInterruptsOnCtrlCAndLeavesOnExit() throws Exception {
        // script(1) runs the console on a pseudo terminal and forwards what this test types as keystrokes.
        // A fresh pseudo terminal has no size; give it one, as a terminal window would.
        Process p = start(
                List.of("script", "-qfec", "stty cols 120 rows 40; exec " + home.resolve("bin/cordon"), "/dev/null"));
        try (OutputStream keys = p.getOutputStream()) {
            awaitOutput(BOOT, "Type 'help'", "cordon> ");

            type(keys, "plugi\t");
            awaitOutput(Duration.ofSeconds(20), "cordon> plugins");
            type(keys, "\r");
            awaitOutput(Duration.ofSeconds(60), "py-streamer");

            type(keys, "exec ec\t");
            awaitOutput(Duration.ofSeconds(20), "exec echo");
            type(keys, "'{\"text\":\"h\u00e9llo \ud83d\ude00\"}' --json\r");
            awaitOutput(Duration.ofSeconds(60), "\"text\": \"h\u00e9llo \ud83d\ude00\"");

            // Ctrl-C while a call runs (60 s of work) brings the prompt back; repeated until it lands, because the
            // first may arrive before the command has started.
            type(keys, "exec slow '{\"steps\":600,\"step_seconds\":0.1}'\r");
            await().atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        type(keys, "\u0003");
                        assertThat(CordonProcess.read(home.resolve("stdout.txt")))
                                .contains("interrupted: exec slow");
                    });

            // The prompt is back once the interrupted line is reported; then exit stops the runtime and its workers.
            awaitOutput(Duration.ofSeconds(20), "was stopped");
            // The worker stopped the work too: a short call on the same instance is served at once, not after the
            // 60 s the interrupted one would still have run (the instance runs one call at a time).
            type(keys, "exec slow '{\"steps\":1,\"step_seconds\":0.01}'\r");
            awaitOutput(Duration.ofSeconds(30), "{\"steps\":1}");
            type(keys, "exit\r");
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as("the console leaves on exit; it printed:%n%s", output())
                    .isTrue();
        } finally {
            CordonProcess.kill(p);
        }
        assertThat(p.exitValue()).as(output()).isZero();
        assertThat(Files.readString(home.resolve("data/console.history"), StandardCharsets.UTF_8))
                .contains("plugins")
                .contains("h\u00e9llo \ud83d\ude00");
    }

    @Test
    void aLongSessionDoesNotGrowTheHeap() throws Exception {
        Process p = start(List.of(home.resolve("bin/cordon").toString()));
        try (OutputStream in = p.getOutputStream()) {
            awaitOutput(BOOT, "cordon> ");
            runLines(in, "warm", 300);
            long before = heapUsedAfterGc(p.pid());
            runLines(in, "line", 3000);
            long after = heapUsedAfterGc(p.pid());

            // A console that kept ~50 KB per line would grow by ~150 MB here.
            assertThat(after - before).as("heap growth over 3000 lines, bytes").isLessThan(16L << 20);
            type(in, "quit\n");
            assertThat(p.waitFor(60, TimeUnit.SECONDS))
                    .as("the console leaves on quit")
                    .isTrue();
        } finally {
            CordonProcess.kill(p);
        }
        assertThat(p.exitValue()).as(output()).isZero();
    }

    private static void runLines(OutputStream in, String prefix, int count) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            lines.append("echo ").append(prefix).append('-').append(i).append('\n');
        }
        type(in, lines.toString());
        awaitOutput(Duration.ofSeconds(120), prefix + "-" + count + "\n");
    }

    private static long heapUsedAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(List.of(jcmd, Long.toString(pid), "GC.run"));
        String info = run(List.of(jcmd, Long.toString(pid), "GC.heap_info"));
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        assertThat(m.find()).as(info).isTrue();
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        return out;
    }

    private static Process start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(home.resolve("stdout.txt").toFile())
                .redirectError(home.resolve("stderr.txt").toFile());
        pb.environment().remove("CORDON_HOME");
        pb.environment().remove("CORDON_DATA");
        pb.environment().put("TERM", "xterm");
        return pb.start();
    }

    private static void type(OutputStream keys, String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    private static void awaitOutput(Duration timeout, String... parts) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(CordonProcess.read(home.resolve("stdout.txt")))
                        .contains(parts));
    }

    private static String output() throws IOException {
        return CordonProcess.read(home.resolve("stdout.txt")) + CordonProcess.read(home.resolve("stderr.txt"));
    }
}
