package dev.cordon.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.LogEntry;
import dev.cordon.api.store.LogLevel;
import dev.cordon.api.store.LogQuery;
import dev.cordon.api.store.LogRecord;
import dev.cordon.api.store.LogUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DiagnosticStore} must do; each implementation runs it through a subclass. */
public abstract class DiagnosticStoreContract {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.5Z");

    private DiagnosticStore store;

    /** A new, empty store. */
    protected abstract DiagnosticStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void close() throws Exception {
        if (store instanceof AutoCloseable c) {
            c.close();
        }
    }

    private static LogRecord line(int second, String plugin, LogLevel level, String job, String text) {
        return new LogRecord(
                T0.plusSeconds(second),
                plugin + "-1",
                plugin,
                level,
                job,
                job == null ? null : "run-" + job,
                null,
                text);
    }

    private static List<LogRecord> records(List<LogEntry> entries) {
        return entries.stream().map(LogEntry::record).toList();
    }

    @Test
    void linesRoundTripAndFiltersSelectExactlyTheirs() {
        LogRecord a = line(0, "echo", LogLevel.INFO, "job-1", "x [INFO] [job=job-1] started");
        LogRecord b = line(1, "echo", LogLevel.OUTPUT, null, "raw output, ünïcödé");
        LogRecord c = line(2, "slow", LogLevel.ERROR, "job-2", "x [ERROR] [job=job-2] broke");
        LogRecord d = line(3, "echo", LogLevel.WARN, "job-1", "x [WARN] [job=job-1] careful");
        store.appendAll(List.of(a, b, c, d));
        LogQuery q = LogQuery.all();
        assertThat(records(store.query(q))).containsExactly(a, b, c, d);
        assertThat(records(store.query(q.withJob("job-1")))).containsExactly(a, d);
        assertThat(records(store.query(q.withRun("run-job-2")))).containsExactly(c);
        assertThat(records(store.query(q.withPlugin("echo")))).containsExactly(a, b, d);
        assertThat(records(store.query(q.withInstance("slow-1")))).containsExactly(c);
        assertThat(records(store.query(q.withLevels(LogLevel.WARN.andAbove())))).containsExactly(c, d);
        assertThat(records(store.query(q.withLevels(LogLevel.OUTPUT.andAbove()))))
                .containsExactly(b);
        assertThat(records(store.query(q.withFrom(T0.plusSeconds(2))))).containsExactly(c, d);
        List<LogEntry> first = store.query(q.withLimit(2));
        assertThat(records(first)).containsExactly(a, b);
        assertThat(records(store.query(q.withAfterSeq(first.get(1).seq())))).containsExactly(c, d);
    }

    @Test
    void usageCountsLinesAndBytesPerPlugin() {
        store.appendAll(List.of(
                line(0, "echo", LogLevel.INFO, null, "12345"),
                line(1, "echo", LogLevel.INFO, null, "é"),
                line(2, "slow", LogLevel.INFO, null, "123")));
        assertThat(store.usage()).containsEntry("echo", new LogUsage(2, 7)).containsEntry("slow", new LogUsage(1, 3));
    }

    @Test
    void deletingByAgeRemovesExactlyTheOlderLines() {
        List<LogRecord> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(line(i, i % 2 == 0 ? "echo" : "slow", LogLevel.INFO, null, "line " + i));
        }
        store.appendAll(all);
        assertThat(store.deleteBefore(T0.plusSeconds(4))).isEqualTo(4);
        assertThat(records(store.query(LogQuery.all()))).containsExactlyElementsOf(all.subList(4, 10));
        assertThat(store.deleteBefore(T0.plusSeconds(4))).isZero();
    }

    @Test
    void trimmingAPluginKeepsItsNewestLinesWithinTheLimitAndLeavesOthersAlone() {
        List<LogRecord> echo = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            echo.add(line(i, "echo", LogLevel.INFO, null, "0123456789"));
        }
        LogRecord other = line(0, "slow", LogLevel.INFO, null, "0123456789".repeat(10));
        store.appendAll(echo);
        store.appendAll(List.of(other));
        assertThat(store.trimPlugin("echo", 35)).isEqualTo(7);
        assertThat(records(store.query(LogQuery.all().withPlugin("echo"))))
                .containsExactlyElementsOf(echo.subList(7, 10));
        assertThat(records(store.query(LogQuery.all().withPlugin("slow")))).containsExactly(other);
        assertThat(store.trimPlugin("echo", 35)).isZero();
        assertThat(store.trimPlugin("echo", 0)).isEqualTo(3);
        assertThat(store.usage()).doesNotContainKey("echo");
    }
}
