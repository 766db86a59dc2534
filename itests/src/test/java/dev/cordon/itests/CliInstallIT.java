package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin commands of the assembled distribution's real {@code bin/cordon}, as a user runs them: a Python plugin
 * project from {@code cordon new python} installed from its local folder into a virtual environment through a
 * plugins.yaml with {@code --all}, called through the shell, installed again (unchanged), validated, given a secret
 * on standard input (found in no command line, no output and no file but the secret store), and removed.
 */
class CliInstallIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void aPythonPluginFromANewProjectInstallsRunsKeepsItsSecretAndIsRemoved() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("cordon"));
        Path project = dir.resolve("wordcount");

        CordonProcess.Result created =
                CordonProcess.run(home, 60, "new", "python", "wordcount", "--dir", project.toString());
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        Path yaml = dir.resolve("plugins.yaml");
        Files.writeString(yaml, """
                plugins:
                  - name: wordcount
                    runtime: python
                    package: ./wordcount
                    python: /usr/bin/python3
                    env_vars: {WORDCOUNT_MODE: plain}
                """);
        CordonProcess.Result valid = CordonProcess.run(home, 60, "validate", yaml.toString());
        assertThat(valid.exitCode()).as(valid.stdout() + valid.stderr()).isZero();
        assertThat(valid.stdout()).contains("valid plugins file").contains("wordcount");

        CordonProcess.Result installed =
                CordonProcess.run(home, 300, "install", "--all", "-f", yaml.toString(), "--json");
        assertThat(installed.exitCode()).as(installed.stderr()).isZero();
        assertThat(installed.stdout()).contains("\"status\": \"installed\"").contains("\"installer\": \"python\"");
        assertThat(installed.stderr()).as("plain progress lines off a terminal").contains("[1/1] wordcount: ");
        Path manifest = home.resolve("data/manifests/wordcount.json");
        assertThat(home.resolve("data/envs/wordcount/bin/python")).exists();

        CordonProcess.Result again = CordonProcess.run(home, 120, "install", "wordcount", "-f", yaml.toString());
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).startsWith("unchanged wordcount");

        CordonProcess.Result checked = CordonProcess.run(home, 60, "validate", manifest.toString());
        assertThat(checked.exitCode()).as(checked.stdout()).isZero();
        assertThat(checked.stdout()).containsPattern("config_schema_hash sha256:[0-9a-f]{64}");

        CordonProcess.Result called =
                CordonProcess.run(home, 180, "shell", "-c", "cordon:exec wordcount '{\"text\":\"hi\"}'");
        assertThat(called.exitCode()).as(called.stderr()).isZero();
        assertThat(called.stdout()).contains("\"text\":\"hi\"").contains("\"count\":1");

        String value = "cli" + HexFormat.of().formatHex(RANDOM.generateSeed(16));
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
                "cli-secret-ps");
        ps.start();
        Process setSecret;
        try {
            setSecret = CordonProcess.start(home, "set-secret", "wordcount", "WORDCOUNT_TOKEN", "--stdin");
            try (OutputStream stdin = setSecret.getOutputStream()) {
                stdin.write((value + "\n").getBytes(StandardCharsets.UTF_8));
            }
            assertThat(setSecret.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            running.set(false);
            ps.join(10_000);
        }
        assertThat(setSecret.exitValue())
                .as(CordonProcess.read(home.resolve("stderr.txt")))
                .isZero();
        assertThat(commandLines).isNotEmpty().noneMatch(line -> line.contains(value));
        CordonProcess.Result secrets = CordonProcess.run(home, 60, "list-secrets", "--json");
        assertThat(secrets.stdout()).contains("WORDCOUNT_TOKEN").doesNotContain(value);

        Path store = home.resolve("data/secrets/secrets.json");
        assertThat(Files.readString(store)).contains(value);
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(store))
                    .toList()) {
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(value)) {
                    leaks.add(home.relativize(f).toString());
                }
            }
        }
        assertThat(leaks).as("files under the home holding the secret's value").isEmpty();

        CordonProcess.Result removed = CordonProcess.run(home, 60, "remove", "wordcount", "-y");
        assertThat(removed.exitCode()).as(removed.stderr()).isZero();
        assertThat(manifest).doesNotExist();
        assertThat(home.resolve("data/envs/wordcount")).doesNotExist();
        assertThat(CordonProcess.run(home, 60, "list", "--json").stdout().strip())
                .isEqualTo("[]");
    }

    @Test
    void validateNamesEachProblemOfABrokenManifestAndExitsNonZero() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("cordon"));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, """
                {"format_version": "2.0", "install": {"runtime": "java"},
                 "code": {"name": "b", "version": "1", "description": "d", "class": "NotQualified",
                          "interface": "x"}}
                """);

        CordonProcess.Result result = CordonProcess.run(home, 60, "validate", broken.toString());

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.stdout())
                .contains("$.code.interface: ")
                .contains("$.code.class: ")
                .contains("$.install.classpath: ")
                .contains("3 problems");
    }
}
