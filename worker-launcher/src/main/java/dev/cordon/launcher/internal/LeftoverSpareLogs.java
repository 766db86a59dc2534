package dev.cordon.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the logs of spare workers that a previous host process left behind ({@code .spare-<plugin>-<host
 * pid>-<n>.log}): a host killed with SIGKILL never stops its spares nor removes their logs, and nothing else
 * would ever take or delete them. One runtime holds a data folder at a time, so a spare log of another host pid
 * is always left over.
 */
final class LeftoverSpareLogs {

    private static final Pattern SPARE_LOG = Pattern.compile("\\.spare-.*-(\\d+)-\\d+\\.log");
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverSpareLogs.class);

    private LeftoverSpareLogs() {}

    /** The plugins' log folder as the manager chooses it: {@code cordon.plugins.logs}, else {@code <data>/logs}. */
    static Path folder(UnaryOperator<String> property) {
        String logs = property.apply("cordon.plugins.logs");
        if (logs != null && !logs.isBlank()) {
            return Path.of(logs);
        }
        String data = property.apply("cordon.data");
        return Path.of(data == null || data.isBlank() ? "data" : data).resolve("logs");
    }

    /**
     * Deletes the spare logs in {@code logs} written by a host other than {@code hostPid}.
     *
     * @return the files deleted
     */
    static List<Path> delete(Path logs, long hostPid) {
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        List<Path> leftover;
        try (Stream<Path> files = Files.list(logs)) {
            leftover = files.filter(f -> otherHost(f.getFileName().toString(), hostPid))
                    .toList();
        } catch (IOException e) {
            LOG.warn("Cannot list {} for left-over spare worker logs: {}", logs, e.getMessage());
            return List.of();
        }
        for (Path file : leftover) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Cannot delete the left-over spare worker log {}: {}", file, e.getMessage());
            }
        }
        if (!leftover.isEmpty()) {
            LOG.info("Deleted {} spare worker log(s) a previous host left in {}", leftover.size(), logs);
        }
        return leftover;
    }

    private static boolean otherHost(String name, long hostPid) {
        Matcher m = SPARE_LOG.matcher(name);
        return m.matches() && !m.group(1).equals(Long.toString(hostPid));
    }
}
