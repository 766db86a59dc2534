package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonParser;
import dev.cordon.itests.bundles.SlowStartActivator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cordon serve}: hot deploy through {@code deploy/}, a clean stop on SIGTERM (also during start-up),
 * one runtime per data folder and shells that attach to it.
 */
class ServeProcessIT {

    @TempDir
    Path dir;

    @Test
    void aBundleDroppedIntoDeployStartsAndIsUninstalledWhenRemoved() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("cordon"));
        Path log = home.resolve("data/logs/cordon.log");
        Process serve = CordonProcess.start(home, "serve");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(CordonProcess.read(log))
                            .as("log; stderr: %s", CordonProcess.read(home.resolve("stderr.txt")))
                            .containsPattern("Cordon \\S+ started"));

            Path dropped = Distribution.writeBundle(home.resolve("deploy/dropped.jar"), "dev.cordon.test.dropped");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(CordonProcess.read(log)).contains("bundle STARTED dev.cordon.test.dropped"));

            Files.delete(dropped);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(CordonProcess.read(log)).contains("bundle UNINSTALLED dev.cordon.test.dropped"));

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(30, TimeUnit.SECONDS))
                    .as("serve stops within 30 s of SIGTERM")
                    .isTrue();
            assertThat(serve.exitValue())
                    .as(CordonProcess.read(home.resolve("stderr.txt")))
                    .isZero();
            assertThat(CordonProcess.read(log)).contains("Cordon stopped");
        } finally {
            CordonProcess.kill(serve);
        }
    }

    @Test
    void aShellAttachesToTheServeAndASecondServeRefusesNamingItsPid() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("attach"));
        Process serve = CordonProcess.startNamed(home, "serve-", "serve");
        try {
            awaitReady(home, "serve-", serve.pid());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data/cordon.sock"))))
                    .isEqualTo("rw-------");

            CordonProcess.Result status = CordonProcess.run(home, 60, "shell", "-c", "cordon:status --json");
            assertThat(status.exitCode()).as(status.stderr()).isZero();
            assertThat(JsonParser.parseString(status.stdout())
                            .getAsJsonObject()
                            .get("pid")
                            .getAsLong())
                    .isEqualTo(serve.pid());

            CordonProcess.Result failed = CordonProcess.run(home, 60, "shell", "-c", "cordon:nosuch");
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.stderr()).contains("cordon:nosuch");

            Process shell = CordonProcess.startNamed(home, "shell-", "shell");
            try (var stdin = shell.getOutputStream()) {
                stdin.write("cordon:status --json\nexit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(shell.waitFor(60, TimeUnit.SECONDS))
                    .as("the attached shell leaves at 'exit'")
                    .isTrue();
            assertThat(shell.exitValue())
                    .as(CordonProcess.read(home.resolve("shell-stderr.txt")))
                    .isZero();
            assertThat(CordonProcess.read(home.resolve("shell-stdout.txt")))
                    .contains("Attached to the Cordon runtime " + serve.pid())
                    .containsPattern("\"pid\":\\s*" + serve.pid() + "\\b");

            CordonProcess.Result second = CordonProcess.runNamed(home, "second-", 60, "serve");
            assertThat(second.exitCode()).isEqualTo(3);
            assertThat(second.stderr()).contains("in use by another Cordon runtime (pid " + serve.pid() + ")");
            assertThat(serve.isAlive()).isTrue();
        } finally {
            CordonProcess.kill(serve);
        }
    }

    @Test
    void aServeKilledWithSigkillDoesNotBlockTheNextStart() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("killed"));
        Process killed = CordonProcess.startNamed(home, "killed-", "serve");
        try {
            awaitReady(home, "killed-", killed.pid());
        } finally {
            CordonProcess.kill(killed); // SIGKILL: the lock file and the socket file stay behind
        }
        assertThat(home.resolve("data/cordon.sock")).exists();
        assertThat(home.resolve("data/cordon.lock")).exists();

        Process next = CordonProcess.startNamed(home, "next-", "serve");
        try {
            awaitReady(home, "next-", next.pid());
            CordonProcess.Result status = CordonProcess.run(home, 60, "shell", "-c", "cordon:status --json");
            assertThat(status.exitCode()).as(status.stderr()).isZero();
            assertThat(JsonParser.parseString(status.stdout())
                            .getAsJsonObject()
                            .get("pid")
                            .getAsLong())
                    .isEqualTo(next.pid());
        } finally {
            CordonProcess.kill(next);
        }
    }

    @Test
    void sigtermDuringStartUpStopsCleanlyAndIsLogged() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("early"));
        Distribution.writeActivatorBundle(
                home.resolve("bundles/zz-slow-start.jar"), "dev.cordon.test.slowstart", SlowStartActivator.class);
        Path log = home.resolve("data/logs/cordon.log");
        Process serve = CordonProcess.start(home, "serve");
        try {
            // The lock names the pid once the runtime is starting, with its signal handlers installed.
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(CordonProcess.read(home.resolve("data/cordon.lock"))
                                    .trim())
                            .isEqualTo(Long.toString(serve.pid())));
            assertThat(CordonProcess.read(home.resolve("stdout.txt"))).doesNotContain("Cordon ready");

            serve.destroy(); // SIGTERM

            assertThat(serve.waitFor(60, TimeUnit.SECONDS))
                    .as("serve stops within 60 s of SIGTERM")
                    .isTrue();
            assertThat(serve.exitValue())
                    .as(CordonProcess.read(home.resolve("stderr.txt")))
                    .isZero();
            assertThat(CordonProcess.read(log))
                    .contains("SIGTERM during start-up")
                    .contains("Cordon stopped");
        } finally {
            CordonProcess.kill(serve);
        }
    }

    @Test
    void configurationFilesChangedWhileStoppedAreTakenAsTheyAreAndACommandsChangeIsWrittenToItsFile() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("etc"));
        Path orphan = Files.writeString(home.resolve("etc/dev.cordon.itests.orphan.cfg"), "made.by = file\n");
        Path edited = Files.writeString(home.resolve("etc/dev.cordon.itests.edited.cfg"), "# kept\nvalue = first\n");
        Path scheduler = Files.writeString(
                home.resolve("etc/dev.cordon.scheduler.cfg"), "scheduler.target = (policy.name=permissive)\n");
        Process first = CordonProcess.startNamed(home, "first-", "serve");
        try {
            awaitReady(home, "first-", first.pid());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> storedConfigs(home).contains("orphan.config")
                            && storedConfigs(home).contains("edited.config"));
            CordonProcess.Result switched = CordonProcess.run(home, 60, "shell", "-c", "cordon:scheduler safety");
            assertThat(switched.exitCode()).as(switched.stderr()).isZero();
            assertThat(Files.readString(scheduler)).isEqualTo("scheduler.target = (policy.name=safety)\n");
            first.destroy(); // SIGTERM
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            CordonProcess.kill(first);
        }
        Files.delete(orphan);
        Files.writeString(edited, "# kept\nvalue = second\n");

        Process next = CordonProcess.startNamed(home, "next-", "serve");
        try {
            awaitReady(home, "next-", next.pid());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(storedConfigs(home)).doesNotContain("orphan.config");
                assertThat(CordonProcess.read(home.resolve("data/logs/cordon.log")))
                        .contains("Deleting configuration dev.cordon.itests.orphan: its file " + orphan
                                + " no longer exists");
                assertThat(CordonProcess.read(home.resolve("data/config/dev/cordon/itests/edited.config")))
                        .contains("value=\"second\"");
            });
            // The shell call takes seconds: time enough for a write-back to have emptied the file, as FileInstall's
            // did.
            CordonProcess.Result status = CordonProcess.run(home, 60, "shell", "-c", "cordon:scheduler --json");
            assertThat(status.exitCode()).as(status.stderr()).isZero();
            assertThat(status.stdout()).contains("\"active\": \"safety\"");
            assertThat(Files.readString(edited)).isEqualTo("# kept\nvalue = second\n");
            assertThat(Files.readString(scheduler)).isEqualTo("scheduler.target = (policy.name=safety)\n");
        } finally {
            CordonProcess.kill(next);
        }
    }

    /** The paths in ConfigAdmin's store, one a line. */
    private static String storedConfigs(Path home) throws java.io.IOException {
        Path store = home.resolve("data/config");
        if (!Files.isDirectory(store)) {
            return "";
        }
        try (var files = Files.walk(store)) {
            return String.join(
                    "\n", files.map(f -> store.relativize(f).toString()).toList());
        }
    }

    private static void awaitReady(Path home, String name, long pid) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(CordonProcess.read(home.resolve(name + "stdout.txt")))
                        .as("stderr: %s", CordonProcess.read(home.resolve(name + "stderr.txt")))
                        .contains("Cordon ready: home " + home + ", data " + home.resolve("data") + ", pid " + pid
                                + "; attach with: " + home.resolve("bin/cordon") + " --home " + home + " shell"));
    }
}
