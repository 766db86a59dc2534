package dev.cordon.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashReportOptionTest {

    @Test
    void theCrashReportGoesBesideTheWorkersLogAheadOfEveryOtherOption() {
        List<String> command = List.of("/jdk/bin/java", "-Xss512k", "-XX:ErrorFile=/mine/%p.log", "-m", "worker");

        List<String> with = ProcessWorkerLauncher.withCrashReportBeside(command, Path.of("/data/logs/echo.log"));

        // A later option wins in HotSpot: a manifest's own -XX:ErrorFile still decides.
        assertThat(with)
                .containsExactly(
                        "/jdk/bin/java",
                        "-XX:ErrorFile=/data/logs/hs_err_pid%p.log",
                        "-Xss512k",
                        "-XX:ErrorFile=/mine/%p.log",
                        "-m",
                        "worker");
    }
}
