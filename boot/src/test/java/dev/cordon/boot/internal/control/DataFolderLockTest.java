package dev.cordon.boot.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderLockTest {

    @TempDir
    Path data;

    @Test
    void theOwnerWritesItsPidAndASecondAttemptIsRefusedWithIt() throws Exception {
        long self = ProcessHandle.current().pid();
        DataFolderLock.Attempt first = DataFolderLock.acquire(data);
        try {
            assertThat(first.taken()).isTrue();
            assertThat(Files.readString(data.resolve(DataFolderLock.FILE)).trim())
                    .isEqualTo(Long.toString(self));

            DataFolderLock.Attempt second = DataFolderLock.acquire(data);

            assertThat(second.taken()).isFalse();
            assertThat(second.pid()).isEqualTo(self);
            assertThat(DataFolderLock.holder(data)).hasValue(self);
        } finally {
            first.lock().close();
        }
    }

    @Test
    void aLockFileNobodyHoldsDoesNotBlockTheNextOwner() throws Exception {
        Files.writeString(data.resolve(DataFolderLock.FILE), "999999999\n");

        DataFolderLock.Attempt attempt = DataFolderLock.acquire(data);
        try {
            assertThat(attempt.taken()).isTrue();
            assertThat(DataFolderLock.holder(data))
                    .hasValue(ProcessHandle.current().pid());
        } finally {
            attempt.lock().close();
        }
    }

    @Test
    void aReleasedLockCanBeTakenAgain() {
        DataFolderLock.acquire(data).lock().close();

        DataFolderLock.Attempt again = DataFolderLock.acquire(data);
        try {
            assertThat(again.taken()).isTrue();
        } finally {
            again.lock().close();
        }
    }
}
