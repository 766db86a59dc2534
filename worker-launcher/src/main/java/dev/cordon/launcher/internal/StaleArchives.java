package dev.cordon.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the start-up archives a family no longer uses: the AOT caches of a plugin's earlier versions, JDKs and
 * option sets, or the class-data archives of earlier worker jars and JDKs.
 *
 * <p>Each worker that maps an archive marks it used (the time of its checksum file, at most once a minute). A
 * sibling of an archive in use, of the same family, counts as stale once no worker has mapped it for
 * {@link #UNUSED_FOR}; it goes when an archive of its family is written and, at most once per period, when one is
 * mapped. Stale ones are deleted under their claim, so never while a worker records or installs them; a host that
 * shares the folder and still maps one keeps marking it used. A worker that has already mapped a deleted archive
 * keeps its pages (the file lives on until it is unmapped); one that was about to map it starts without it.
 */
final class StaleArchives {

    /** How long an archive that no worker maps is kept beside a newer one of its family. */
    static final Duration UNUSED_FOR = Duration.ofHours(1);

    private static final Duration MARK_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(StaleArchives.class);

    private final ArchiveFiles files;
    private final Duration unusedFor;
    private final Map<String, Instant> lastSweep = new ConcurrentHashMap<>();

    StaleArchives(ArchiveFiles files, Duration unusedFor) {
        this.files = files;
        this.unusedFor = unusedFor;
    }

    /**
     * The names of one family's archives: one plugin's AOT caches for any JDK and digest, or the workers' shared
     * class-data archives.
     */
    static Pattern family(String archiveName) {
        int jdk = archiveName.lastIndexOf("-jdk", archiveName.lastIndexOf('-') - 1);
        String extension = archiveName.substring(archiveName.lastIndexOf('.'));
        return Pattern.compile(
                Pattern.quote(archiveName.substring(0, jdk)) + "-jdk\\d+-[0-9a-f]{16}" + Pattern.quote(extension));
    }

    /** Records that a worker maps {@code archive} now (its checksum file's time). */
    void markUsed(Path archive) {
        Path sum = ArchiveFiles.checksumFile(archive);
        try {
            Instant now = Instant.now();
            if (Files.getLastModifiedTime(sum).toInstant().isBefore(now.minus(MARK_EVERY))) {
                Files.setLastModifiedTime(sum, FileTime.from(now));
            }
        } catch (IOException e) {
            // Unmarked, the archive may be deleted as stale while in use; workers that map it keep their pages.
            LOG.debug("Cannot mark {} as in use: {}", archive, e.toString());
        }
    }

    /** Deletes the stale archives of {@code current}'s family, unless that family was swept less than a period ago. */
    void sweepNowAndThen(Path current) {
        Instant last = lastSweep.get(family(current.getFileName().toString()).pattern());
        if (last == null || last.isBefore(Instant.now().minus(unusedFor))) {
            sweep(current);
        }
    }

    /**
     * Deletes the archives of {@code current}'s family (with their checksum, lock and leftover part files) that no
     * worker has mapped for {@link #UNUSED_FOR} and nobody records now.
     *
     * @return the archives deleted
     */
    List<Path> sweep(Path current) {
        Pattern family = family(current.getFileName().toString());
        lastSweep.put(family.pattern(), Instant.now());
        Instant cutoff = Instant.now().minus(unusedFor);
        try (Stream<Path> entries = Files.list(current.getParent())) {
            List<Path> stale = entries.filter(f -> !f.equals(current))
                    .filter(f -> family.matcher(f.getFileName().toString()).matches())
                    .filter(f -> lastUsed(f).isBefore(cutoff))
                    .sorted()
                    .toList();
            return stale.stream().filter(this::delete).toList();
        } catch (IOException e) {
            LOG.warn("Cannot look for stale start-up archives in {}: {}", current.getParent(), e.toString());
            return List.of();
        }
    }

    private boolean delete(Path archive) {
        Optional<ArchiveFiles.Claim> claim = files.claim(archive);
        if (claim.isEmpty()) {
            return false;
        }
        try {
            // Checked again under the claim: a worker may have mapped it (and marked it) since the listing.
            if (lastUsed(archive).isAfter(Instant.now().minus(unusedFor))) {
                return false;
            }
            files.delete(archive);
            // Its lock goes too: a worker that would record this archive again makes a new one.
            files.deleteQuietly(ArchiveFiles.lockFile(archive));
            try (Stream<Path> parts = Files.list(archive.getParent())) {
                parts.filter(f -> f.getFileName().toString().startsWith(archive.getFileName() + ".part-"))
                        .forEach(files::deleteQuietly);
            }
            LOG.info("Start-up archive {} deleted: no worker has mapped it for {}", archive, unusedFor);
            return true;
        } catch (IOException e) {
            LOG.warn("Cannot delete the stale start-up archive {}: {}", archive, e.toString());
            return false;
        } finally {
            claim.get().release();
        }
    }

    /** When a worker last mapped an archive, or when it was made: the later time of it and its checksum file. */
    private static Instant lastUsed(Path archive) {
        Instant made = modified(archive);
        Instant marked = modified(ArchiveFiles.checksumFile(archive));
        return made.isAfter(marked) ? made : marked;
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
