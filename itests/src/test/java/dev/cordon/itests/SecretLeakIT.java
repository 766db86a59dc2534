package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.store.SecretValue;
import dev.cordon.boot.CordonRuntime;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret set through every path a user has — the shell's {@code cordon:env --set} reading standard input (in a
 * shell with its own runtime and in one attached to a running serve), and the embedding API — is stored, and its value is found in no file under the home but the secret store's (logs, worker
 * logs, databases, the shell's own output), and in no process's command line while the shell runs.
 */
class SecretLeakIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void aSecretSetFromTheShellOrTheApiIsNowhereButInTheSecretStore() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("cordon"));
        String fromShell = "shell" + HexFormat.of().formatHex(RANDOM.generateSeed(16));
        String fromApi = "api" + HexFormat.of().formatHex(RANDOM.generateSeed(16));
        String fromAttached = "attached" + HexFormat.of().formatHex(RANDOM.generateSeed(16));

        List<String> commandLines = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread ps = new Thread(
                () -> {
                    while (running.get()) {
                        ProcessHandle.allProcesses()
                                .forEach(p -> p.info().commandLine().ifPresent(commandLines::add));
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "secret-leak-ps");
        ps.start();
        CordonProcess.Result shell;
        try {
            Process p = CordonProcess.start(
                    home,
                    "shell",
                    "-c",
                    "cordon:env py-echo --set LEAK_TEST_TOKEN; cordon:exec py-echo '{\"text\":\"hi\"}'");
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write((fromShell + "\n").getBytes(StandardCharsets.UTF_8));
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as("the shell finishes")
                    .isTrue();
            shell = new CordonProcess.Result(
                    p.exitValue(),
                    CordonProcess.read(home.resolve("stdout.txt")),
                    CordonProcess.read(home.resolve("stderr.txt")));
        } finally {
            running.set(false);
            ps.join(10_000);
        }
        assertThat(shell.exitCode()).as(shell.stderr()).isZero();
        assertThat(shell.stdout()).contains("hi");
        assertThat(commandLines).isNotEmpty().noneMatch(line -> line.contains(fromShell));

        // The same through a shell attached to a running serve: its stdin travels with the request.
        Process serve = CordonProcess.startNamed(home, "serve-", "serve");
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() ->
                            CordonProcess.read(home.resolve("serve-stdout.txt")).contains("ready"));
            Process attached = CordonProcess.startNamed(
                    home, "attached-", "shell", "-c", "cordon:env py-echo --set LEAK_TEST_ATTACHED");
            try (OutputStream stdin = attached.getOutputStream()) {
                stdin.write((fromAttached + "\n").getBytes(StandardCharsets.UTF_8));
            }
            assertThat(attached.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(attached.exitValue())
                    .as(CordonProcess.read(home.resolve("attached-stderr.txt")))
                    .isZero();
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS))
                    .as("serve stops on SIGTERM")
                    .isTrue();
        }

        try (CordonRuntime cordon = CordonRuntime.builder().home(home).start()) {
            PluginManager plugins = cordon.plugins(Duration.ofSeconds(30));
            plugins.setSecret("echo", "LEAK_TEST_TOKEN", SecretValue.of(fromApi));
            cordon.bind("echo", Duration.ofSeconds(30)).load(Optional.empty());
            assertThat(plugins.execute("echo", Call.kwargs(Map.of("text", "hi"))))
                    .isNotNull();
        }

        Path store = home.resolve("data/secrets/secrets.json");
        assertThat(Files.readString(store)).contains(fromShell, fromApi, fromAttached);
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(store))
                    .toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (text.contains(fromShell) || text.contains(fromApi) || text.contains(fromAttached)) {
                    leaks.add(home.relativize(f).toString());
                }
            }
        }
        assertThat(leaks).as("files under the home holding a secret value").isEmpty();
    }
}
