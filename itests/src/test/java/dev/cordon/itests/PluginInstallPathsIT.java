package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install paths a user takes besides a Java project's archive, on one assembled home: a plugins.yaml with a
 * local jar (java) and a Python plugin archive (python) installed with {@code --all} and again unchanged, a corrupt
 * archive refused with the installed plugins untouched; a Python archive hot-deployed into a running {@code serve};
 * a secret typed at the hidden prompt of a real terminal (a pty) and one set while {@code serve} runs, which its
 * reloaded worker then has. A secret's value must show up in no output, command line or file but the store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginInstallPathsIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;

    private static Path home;

    @BeforeAll
    static void assemble() throws IOException {
        home = Distribution.copyTo(dir.resolve("cordon"));
    }

    @Test
    @Order(1)
    void aMixedPluginsFileInstallsAJarAndAPythonArchiveOnceAndACorruptArchiveIsRefused() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(home.resolve("examples/echo/env"))) {
            jar = files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        PythonArchives.write(dir.resolve("tokencheck.zip"), "tokencheck");
        Path yaml = Files.writeString(dir.resolve("plugins.yaml"), """
                plugins:
                  - name: jar-echo
                    runtime: java
                    package: %s
                  - name: tokencheck
                    runtime: python
                    package: ./tokencheck.zip
                """.formatted(jar));

        CordonProcess.Result installed = CordonProcess.run(home, 180, "install", "--all", "-f", yaml.toString());
        assertThat(installed.exitCode()).as(installed.stderr()).isZero();
        assertThat(installed.stdout()).contains("installed jar-echo").contains("installed tokencheck");
        assertThat(home.resolve("data/envs/jar-echo").resolve(jar.getFileName()))
                .isRegularFile();
        assertThat(home.resolve("data/envs/tokencheck/tokencheck.py")).isRegularFile();

        CordonProcess.Result again = CordonProcess.run(home, 120, "install", "--all", "-f", yaml.toString());
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("unchanged jar-echo").contains("unchanged tokencheck");

        Path corrupt = Files.write(dir.resolve("broken.zip"), new byte[] {'P', 'K', 3, 4, 0, 0, 1});
        CordonProcess.Result refused = CordonProcess.run(home, 60, "install", "--archive", corrupt.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains(corrupt.toString()).contains("not a zip archive");
        assertThat(CordonProcess.run(home, 60, "list", "--json").stdout())
                .contains("\"jar-echo\"")
                .contains("\"tokencheck\"");

        CordonProcess.Result calls = CordonProcess.run(
                home,
                180,
                "shell",
                "-c",
                "cordon:exec jar-echo '{\"text\":\"hi\"}'",
                "-c",
                "cordon:exec tokencheck '{\"text\":\"ho\"}'");
        assertThat(calls.exitCode()).as(calls.stderr()).isZero();
        assertThat(calls.stdout()).contains("\"hi\"").contains("\"ho\"").contains("\"token_sha256\":null");
    }

    @Test
    @Order(2)
    void aSecretTypedAtTheHiddenPromptOfATerminalIsNeverEchoed() throws Exception {
        String value = "pty" + HexFormat.of().formatHex(RANDOM.generateSeed(16));
        Path script = Files.writeString(dir.resolve("prompt.py"), """
                import os, pty, select, sys, time
                cordon, value = sys.argv[1], os.environ.pop("PROMPT_VALUE").encode()
                pid, fd = pty.fork()
                if pid == 0:
                    os.execv(cordon, [cordon, "set-secret", "tokencheck", "TOKENCHECK_TOKEN"])
                seen, sent, deadline = b"", False, time.time() + 120
                while time.time() < deadline:
                    ready, _, _ = select.select([fd], [], [], 1)
                    if fd not in ready:
                        continue
                    try:
                        chunk = os.read(fd, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    seen += chunk
                    if not sent and b"(not shown)" in seen:
                        os.write(fd, value + b"\\n")
                        sent = True
                _, status = os.waitpid(pid, 0)
                sys.stdout.write(seen.decode("utf-8", "replace"))
                sys.exit(os.waitstatus_to_exitcode(status) if sent else 99)
                """);
        ProcessBuilder typing = new ProcessBuilder(
                        "python3", script.toString(), home.resolve("bin/cordon").toString())
                .redirectErrorStream(true);
        // The value reaches the typist through its environment, never a command line that ps shows.
        typing.environment().put("PROMPT_VALUE", value);
        typing.environment().remove("CORDON_HOME");
        typing.environment().remove("CORDON_DATA");
        Process terminal = typing.start();
        List<String> commandLines = commandLinesWhile(() -> {
            assertThat(terminal.waitFor(150, TimeUnit.SECONDS)).isTrue();
            return null;
        });
        String transcript = new String(terminal.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(terminal.exitValue()).as(transcript).isZero();
        assertThat(transcript)
                .contains("Value of secret TOKENCHECK_TOKEN of tokencheck (not shown)")
                .contains("stored secret TOKENCHECK_TOKEN of tokencheck")
                .doesNotContain(value);
        assertThat(commandLines).noneMatch(line -> line.contains(value));
        assertThat(CordonProcess.run(home, 60, "list-secrets").stdout())
                .contains("TOKENCHECK_TOKEN")
                .doesNotContain(value);
        assertThat(filesHolding(value)).isEmpty();
    }

    @Test
    @Order(3)
    void aPythonArchiveDeployedIntoServeRunsAndASecretSetMeanwhileReachesItsReloadedWorker() throws Exception {
        Path log = home.resolve("data/logs/cordon.log");
        Process serve = CordonProcess.startNamed(home, "serve-", "serve");
        try {
            // Its one line on stdout, once it is ready and attachable (the log holds the earlier runs' lines too).
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(CordonProcess.read(home.resolve("serve-stdout.txt")))
                            .as("stderr: %s", CordonProcess.read(home.resolve("serve-stderr.txt")))
                            .contains("Cordon ready"));
            Path staged = PythonArchives.write(home.resolve("deploy/.tokendeploy.zip.part"), "tokendeploy");
            Path deployed = Files.move(staged, home.resolve("deploy/tokendeploy.zip"), StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(CordonProcess.read(log)).contains("Deployed plugin tokendeploy"));
            String exec = "cordon:exec tokendeploy '{\"text\":\"hi\"}'";
            CordonProcess.Result before = CordonProcess.run(home, 120, "shell", "-c", exec);
            assertThat(before.exitCode()).as(before.stderr()).isZero();
            assertThat(before.stdout()).contains("\"hi\"").contains("\"token_sha256\":null");

            String value = "live" + HexFormat.of().formatHex(RANDOM.generateSeed(16));
            Process set =
                    CordonProcess.startNamed(home, "set-", "set-secret", "tokendeploy", "TOKENDEPLOY_TOKEN", "--stdin");
            List<String> commandLines = commandLinesWhile(() -> {
                try (OutputStream stdin = set.getOutputStream()) {
                    stdin.write((value + "\n").getBytes(StandardCharsets.UTF_8));
                }
                assertThat(set.waitFor(90, TimeUnit.SECONDS)).isTrue();
                return null;
            });
            String setOut = CordonProcess.read(home.resolve("set-stdout.txt"));
            assertThat(set.exitValue())
                    .as(CordonProcess.read(home.resolve("set-stderr.txt")))
                    .isZero();
            assertThat(setOut)
                    .contains("reloaded in the running runtime, with the secret: ")
                    .contains("tokendeploy");

            CordonProcess.Result after = CordonProcess.run(home, 120, "shell", "-c", exec);
            assertThat(after.exitCode()).as(after.stderr()).isZero();
            assertThat(after.stdout()).contains("\"token_sha256\":\"" + sha256(value) + "\"");
            assertThat(commandLines).noneMatch(line -> line.contains(value));
            assertThat(filesHolding(value)).isEmpty();

            Files.delete(deployed);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(CordonProcess.read(log)).contains("Removed plugin tokendeploy"));
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                CordonProcess.kill(serve);
            }
        }
    }

    /** The command lines of every process seen while {@code action} ran. */
    private static List<String> commandLinesWhile(Callable<Void> action) throws Exception {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread ps = new Thread(
                () -> {
                    while (running.get()) {
                        ProcessHandle.allProcesses()
                                .forEach(p -> p.info().commandLine().ifPresent(lines::add));
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "install-paths-ps");
        ps.start();
        try {
            action.call();
        } finally {
            running.set(false);
            ps.join(10_000);
        }
        assertThat(lines).isNotEmpty();
        return lines;
    }

    /** The files under the home, other than the secret store, that hold {@code value}. */
    private static List<String> filesHolding(String value) throws IOException {
        Path store = home.resolve("data/secrets/secrets.json");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(store))
                    .toList()) {
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(value)) {
                    found.add(home.relativize(f).toString());
                }
            }
        }
        return found;
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
