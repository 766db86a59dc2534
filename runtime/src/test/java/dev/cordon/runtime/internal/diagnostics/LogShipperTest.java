package dev.cordon.runtime.internal.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.LogEntry;
import dev.cordon.api.store.LogLevel;
import dev.cordon.api.store.LogQuery;
import dev.cordon.api.store.LogRecord;
import dev.cordon.api.store.LogUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker log lines read from real files into the store: stamps and levels parsed, raw output kept, unfinished lines
 * held back, a replaced file read from its start, an old file skipped. The store is a list behind the SPI.
 */
class LogShipperTest {

    @TempDir
    Path logs;

    /** Keeps appended lines in a list. */
    private static final class ListStore implements DiagnosticStore {
        final List<LogRecord> lines = new ArrayList<>();

        @Override
        public synchronized void appendAll(List<LogRecord> more) {
            lines.addAll(more);
        }

        @Override
        public List<LogEntry> query(LogQuery query) {
            return List.of();
        }

        @Override
        public Map<String, LogUsage> usage() {
            return Map.of();
        }

        @Override
        public long deleteBefore(Instant cutoff) {
            return 0;
        }

        @Override
        public long trimPlugin(String plugin, long maxBytes) {
            return 0;
        }
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void linesAreParsedFollowedAcrossRoundsAndAReplacedFileIsReadFromItsStart() throws Exception {
        Path old = logs.resolve("old.log");
        append(old, "2026-01-01T00:00:00.000Z [INFO] written by an earlier run\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        ListStore store = new ListStore();
        try (LogShipper shipper = new LogShipper(
                () -> logs, id -> id.equals("echo-1") ? "echo" : null, () -> store, Duration.ofHours(1))) {
            Path log = logs.resolve("echo-1.log");
            append(
                    log,
                    "2026-12-01T10:00:00.123Z [INFO] [job=j%201 run=r actor=al%5Dce] echo: hello\n"
                            + "plain print output\n"
                            + "2026-12-01T10:00:01.000Z [WARNING] careful\n"
                            + "2026-12-01T10:00:02.000Z [ERROR] [job=j2] unfin");
            shipper.round();
            assertThat(store.lines).hasSize(3);
            LogRecord first = store.lines.get(0);
            assertThat(first.jobId()).isEqualTo("j 1");
            assertThat(first.runId()).isEqualTo("r");
            assertThat(first.actor()).isEqualTo("al]ce");
            assertThat(first.level()).isEqualTo(LogLevel.INFO);
            assertThat(first.plugin()).isEqualTo("echo");
            assertThat(first.time()).isEqualTo(Instant.parse("2026-12-01T10:00:00.123Z"));
            assertThat(store.lines.get(1).level()).isEqualTo(LogLevel.OUTPUT);
            assertThat(store.lines.get(1).jobId()).isNull();
            assertThat(store.lines.get(2).level()).isEqualTo(LogLevel.WARN);

            append(log, "ished\n");
            shipper.round();
            assertThat(store.lines).hasSize(4);
            assertThat(store.lines.get(3).line()).endsWith("[job=j2] unfinished");
            assertThat(store.lines.get(3).jobId()).isEqualTo("j2");

            Path spare = logs.resolve(".spare-echo-1.log");
            append(spare, "2026-12-01T10:00:03.000Z [INFO] spare started\n");
            shipper.round();
            assertThat(store.lines).as("hidden spare logs are not followed").hasSize(4);
            Files.move(spare, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            shipper.round();
            assertThat(store.lines).hasSize(5);
            assertThat(store.lines.get(4).line()).endsWith("spare started");
            assertThat(store.lines).noneSatisfy(l -> assertThat(l.line()).contains("earlier run"));
        }
    }
}
