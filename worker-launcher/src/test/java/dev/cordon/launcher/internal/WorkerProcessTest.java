package dev.cordon.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.error.WorkerCrashedError;
import dev.cordon.api.error.WorkerOOMError;
import dev.cordon.api.spi.WorkerExit;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a worker's exit status reads: Java's 128+n for a signal, SIGKILL an out-of-memory kill only on record. */
class WorkerProcessTest {

    @Test
    void anExitCodeIsAnExitOnItsOwn() {
        WorkerExit exit = WorkerProcess.classify(7, 0, false, Optional.of(false));
        assertThat(exit.cause()).isEqualTo(WorkerExit.Cause.EXITED);
        assertThat(exit.exitCode()).hasValue(0);
        assertThat(exit.describe()).isEqualTo("exit status 0");
    }

    @Test
    void aSignalOtherThanSigkillIsACrash() {
        WorkerExit exit = WorkerProcess.classify(7, 128 + 11, false, Optional.of(true));
        assertThat(exit.cause()).isEqualTo(WorkerExit.Cause.CRASHED);
        assertThat(exit.returncode()).isEqualTo(-11);
        assertThat(exit.error("i", Path.of("i.log"), ""))
                .isInstanceOf(WorkerCrashedError.class)
                .hasMessageContaining("signal 11 (SIGSEGV)")
                .hasMessageContaining("i.log");
    }

    @Test
    void sigkillIsAnOutOfMemoryKillOnlyWhenTheCountGrew() {
        assertThat(WorkerProcess.classify(7, 137, false, Optional.of(true)).cause())
                .isEqualTo(WorkerExit.Cause.OOM_KILLED);
        assertThat(WorkerProcess.classify(7, 137, false, Optional.of(false)).cause())
                .isEqualTo(WorkerExit.Cause.KILLED);
        assertThat(WorkerProcess.classify(7, 137, false, Optional.empty()).cause())
                .isEqualTo(WorkerExit.Cause.KILLED);
        assertThat(WorkerProcess.classify(7, 137, false, Optional.of(true)).error("i", Path.of("i.log"), ""))
                .isInstanceOf(WorkerOOMError.class);
        assertThat(WorkerProcess.classify(7, 137, false, Optional.of(false)).error("i", Path.of("i.log"), ""))
                .isInstanceOf(WorkerCrashedError.class);
    }

    @Test
    void anExitTheHostAskedForIsAStopWhateverTheStatus() {
        assertThat(WorkerProcess.classify(7, 137, true, Optional.of(true)).cause())
                .isEqualTo(WorkerExit.Cause.STOPPED);
        assertThat(WorkerProcess.classify(7, 137, true, Optional.of(true)).unexpected())
                .isFalse();
    }

    @Test
    void theKernelsCountIsReadableOnLinux() {
        // /proc/vmstat at least, on any Linux since 4.13; a cgroup's own count where one is visible.
        OomRecord record = OomRecord.of(ProcessHandle.current().pid()).orElseThrow();
        assertThat(record.atStart()).isNotNegative();
        assertThat(record.file().toString()).matches(".*(memory\\.events|memory\\.oom_control|vmstat)");
    }
}
