package dev.cordon.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The state and group read from {@code /proc/<pid>/stat} heads, against real processes. */
class ProcStatTest {

    @Test
    void aRunningProcessHasAStateUntilItIsReapedAndThenNone() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try (ProcStat stat = ProcStat.open(sleeper.pid())) {
            assertThat(stat.state()).isIn('S', 'R', 'D');
            assertThat(stat.state()).as("read again through the same open file").isIn('S', 'R', 'D');

            sleeper.destroyForcibly();
            sleeper.onExit().get(10, TimeUnit.SECONDS);

            assertThat(stat.state()).as("reaped").isEqualTo((char) 0);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aClosedStatReadsNothing() {
        ProcStat stat = ProcStat.open(ProcessHandle.current().pid());
        stat.close();
        assertThat(stat.state()).isEqualTo((char) 0);
    }

    @Test
    void membersAreTheLiveProcessesOfTheGroupAndNoOthers() throws Exception {
        assumeTrue(ProcessGroups.available());
        // A group leader (setsid) whose shell starts a child in the same group, then waits.
        Process leader = new ProcessBuilder(ProcessGroups.leading(List.of("/bin/sh", "-c", "sleep 30 & wait"))).start();
        try {
            long pgid = leader.pid();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcStat.members(pgid).size() == 2);
            assertThat(ProcStat.members(pgid)).contains(pgid);
            assertThat(ProcStat.members(ProcessHandle.current().pid()))
                    .as("this JVM leads no group with those processes")
                    .doesNotContain(pgid);

            ProcessGroups.signal(pgid, "KILL");
            leader.onExit().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcStat.members(pgid).isEmpty());
        } finally {
            leader.destroyForcibly();
        }
    }
}
