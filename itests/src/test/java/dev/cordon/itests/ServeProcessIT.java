package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/cordon serve}: hot deploy through {@code deploy/} and a clean stop on SIGTERM. */
class ServeProcessIT {

    @TempDir
    Path dir;

    @Test
    void aBundleDroppedIntoDeployStartsAndIsUninstalledWhenRemoved() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("cordon"));
        Path log = home.resolve("data/logs/cordon.log");
        Process serve = CordonProcess.start(home, "serve");
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(CordonProcess.read(log))
                    .as("log; stderr: %s", CordonProcess.read(home.resolve("stderr.txt"))).containsPattern("Cordon \\S+ started"));

            Path dropped = Distribution.writeBundle(home.resolve("deploy/dropped.jar"), "dev.cordon.test.dropped");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(CordonProcess.read(log))
                    .contains("bundle STARTED dev.cordon.test.dropped"));

            Files.delete(dropped);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(CordonProcess.read(log))
                    .contains("bundle UNINSTALLED dev.cordon.test.dropped"));

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve stops within 30 s of SIGTERM").isTrue();
            assertThat(serve.exitValue()).as(CordonProcess.read(home.resolve("stderr.txt"))).isZero();
            assertThat(CordonProcess.read(log)).contains("Cordon stopped");
        } finally {
            CordonProcess.kill(serve);
        }
    }
}
