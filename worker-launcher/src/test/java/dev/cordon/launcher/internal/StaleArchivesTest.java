package dev.cordon.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which start-up archives go as stale: a family's archives no worker has mapped for the period, with their files;
 * never the current one, a recently mapped one, another family's, or one being recorded.
 */
class StaleArchivesTest {

    private static final String DIGEST = "0123456789abcdef";
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofHours(2));

    @TempDir
    Path cds;

    private final ArchiveFiles files = new ArchiveFiles();
    private final StaleArchives stale = new StaleArchives(files, Duration.ofHours(1));

    @Test
    void anUnusedArchiveOfTheFamilyGoesWithItsChecksumLockAndParts() throws Exception {
        Path current = archive("echo-jdk25-" + DIGEST + ".aot", Instant.now());
        Path old = archive("echo-jdk25-fedcba9876543210.aot", LONG_AGO);
        Path otherJdk = archive("echo-jdk26-" + DIGEST + ".aot", LONG_AGO);
        Path lock = Files.createFile(ArchiveFiles.lockFile(old));
        Path part = Files.createFile(cds.resolve(old.getFileName() + ".part-12-1"));

        assertThat(stale.sweep(current)).containsExactly(old, otherJdk);

        assertThat(current).exists();
        assertThat(ArchiveFiles.checksumFile(current)).exists();
        assertThat(old).doesNotExist();
        assertThat(ArchiveFiles.checksumFile(old)).doesNotExist();
        assertThat(lock).doesNotExist();
        assertThat(part).doesNotExist();
        assertThat(otherJdk).doesNotExist();
    }

    @Test
    void aRecentlyMappedArchiveStays() throws Exception {
        Path current = archive("echo-jdk25-" + DIGEST + ".aot", Instant.now());
        Path old = archive("echo-jdk25-fedcba9876543210.aot", LONG_AGO);
        new StaleArchives(files, Duration.ofHours(1)).markUsed(old);

        assertThat(stale.sweep(current)).isEmpty();
        assertThat(old).exists();
    }

    @Test
    void otherPluginsArchivesStayEvenWhenTheirNameStartsTheSame() throws Exception {
        Path current = archive("echo-jdk25-" + DIGEST + ".aot", Instant.now());
        Path longerName = archive("echo-jdk25-x-jdk25-" + DIGEST + ".aot", LONG_AGO);
        Path otherPlugin = archive("streamer-jdk25-" + DIGEST + ".aot", LONG_AGO);
        Path classData = archive("worker-jdk17-" + DIGEST + ".jsa", LONG_AGO);

        assertThat(stale.sweep(current)).isEmpty();
        assertThat(longerName).exists();
        assertThat(otherPlugin).exists();
        assertThat(classData).exists();
    }

    @Test
    void anArchiveBeingRecordedStays() throws Exception {
        Path current = archive("worker-jdk17-" + DIGEST + ".jsa", Instant.now());
        Path recording = archive("worker-jdk17-fedcba9876543210.jsa", LONG_AGO);
        Optional<ArchiveFiles.Claim> claim = new ArchiveFiles().claim(recording);
        assertThat(claim).isPresent();
        try {
            assertThat(stale.sweep(current)).isEmpty();
            assertThat(recording).exists();
        } finally {
            claim.get().release();
        }
        assertThat(stale.sweep(current)).containsExactly(recording);
    }

    @Test
    void aFamilyIsSweptAtMostOncePerPeriodWhenItsArchivesAreMapped() throws Exception {
        Path current = archive("echo-jdk25-" + DIGEST + ".aot", Instant.now());
        stale.sweepNowAndThen(current);
        Path old = archive("echo-jdk25-fedcba9876543210.aot", LONG_AGO);

        stale.sweepNowAndThen(current);
        assertThat(old).exists();

        new StaleArchives(files, Duration.ofHours(1)).sweepNowAndThen(current);
        assertThat(old).doesNotExist();
    }

    @Test
    void theFamilyIsTheNameUpToTheJdkAndDigest() {
        assertThat(StaleArchives.family("echo-jdk25-" + DIGEST + ".aot").pattern())
                .isEqualTo("\\Qecho\\E-jdk\\d+-[0-9a-f]{16}\\Q.aot\\E");
        assertThat(StaleArchives.family("my-jdk-tool-jdk25-" + DIGEST + ".aot")
                        .matcher("my-jdk-tool-jdk26-" + DIGEST + ".aot")
                        .matches())
                .isTrue();
        assertThat(StaleArchives.family("worker-jdk17-" + DIGEST + ".jsa")
                        .matcher("worker-jdk21-" + DIGEST + ".jsa")
                        .matches())
                .isTrue();
    }

    /** An archive with its checksum file, both last changed at {@code time}. */
    private Path archive(String name, Instant time) throws Exception {
        Path archive = Files.writeString(cds.resolve(name), name);
        Path sum = Files.writeString(ArchiveFiles.checksumFile(archive), ArchiveFiles.checksum(archive));
        Files.setLastModifiedTime(archive, FileTime.from(time));
        Files.setLastModifiedTime(sum, FileTime.from(time));
        return archive;
    }
}
