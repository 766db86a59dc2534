package dev.cordon.store.internal;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.LogEntry;
import dev.cordon.api.store.LogLevel;
import dev.cordon.api.store.LogQuery;
import dev.cordon.api.store.LogRecord;
import dev.cordon.api.store.LogUsage;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL the journal and diagnostics stores share across backends: tables {@code journal} and {@code log_lines},
 * times as microseconds since the epoch, a record's detail as a JSON object of strings.
 */
public final class JournalSql {

    /** Inserts one journal record; parameters as {@link #bindRecord} sets them. */
    public static final String INSERT_RECORD =
            "INSERT INTO journal (at_us, kind, instance_id, plugin, job_id, run_id, actor, detail)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /** Inserts one log line; parameters as {@link #bindLine} sets them. */
    public static final String INSERT_LINE =
            "INSERT INTO log_lines (at_us, instance_id, plugin, level, job_id, run_id, actor, line, bytes)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String RECORD_COLUMNS = "seq, at_us, kind, instance_id, plugin, job_id, run_id, actor, detail";
    private static final String LINE_COLUMNS = "seq, at_us, instance_id, plugin, level, job_id, run_id, actor, line";
    private static final Gson GSON = new Gson();
    private static final Type DETAIL = new TypeToken<Map<String, String>>() {}.getType();

    private JournalSql() {}

    /** A statement with its parameters, bound in order by {@link #bind}. */
    public record Select(String sql, List<Object> parameters) {}

    /** The SELECT of {@code q} over {@code journal}. */
    public static Select select(JournalQuery q) {
        Conditions c = new Conditions("seq > ?", q.afterSeq());
        c.add("at_us >= ?", q.from() == null ? null : micros(q.from()));
        c.add("at_us < ?", q.until() == null ? null : micros(q.until()));
        c.add("instance_id = ?", q.instanceId());
        c.add("plugin = ?", q.plugin());
        c.add("job_id = ?", q.jobId());
        c.add("run_id = ?", q.runId());
        c.add("actor = ?", q.actor());
        c.in("kind", q.kinds().stream().map(JournalKind::name).sorted().toList());
        return c.select("SELECT " + RECORD_COLUMNS + " FROM journal", q.limit());
    }

    /** The SELECT of {@code q} over {@code log_lines}. */
    public static Select select(LogQuery q) {
        Conditions c = new Conditions("seq > ?", q.afterSeq());
        c.add("at_us >= ?", q.from() == null ? null : micros(q.from()));
        c.add("instance_id = ?", q.instanceId());
        c.add("plugin = ?", q.plugin());
        c.add("job_id = ?", q.jobId());
        c.add("run_id = ?", q.runId());
        c.in("level", q.levels().stream().map(LogLevel::name).sorted().toList());
        return c.select("SELECT " + LINE_COLUMNS + " FROM log_lines", q.limit());
    }

    /** Binds {@code parameters} to {@code p} from the first placeholder on. */
    public static void bind(PreparedStatement p, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object v = parameters.get(i);
            if (v instanceof Long l) {
                p.setLong(i + 1, l);
            } else {
                p.setString(i + 1, (String) v);
            }
        }
    }

    /** Sets the parameters of {@link #INSERT_RECORD}. */
    public static void bindRecord(PreparedStatement p, JournalRecord r) throws SQLException {
        p.setLong(1, micros(r.time()));
        p.setString(2, r.kind().name());
        text(p, 3, r.instanceId());
        text(p, 4, r.plugin());
        text(p, 5, r.jobId());
        text(p, 6, r.runId());
        text(p, 7, r.actor());
        p.setString(8, GSON.toJson(r.detail(), DETAIL));
    }

    /** Sets the parameters of {@link #INSERT_LINE}. */
    public static void bindLine(PreparedStatement p, LogRecord r) throws SQLException {
        p.setLong(1, micros(r.time()));
        p.setString(2, r.instanceId());
        p.setString(3, r.plugin());
        p.setString(4, r.level().name());
        text(p, 5, r.jobId());
        text(p, 6, r.runId());
        text(p, 7, r.actor());
        p.setString(8, r.line());
        p.setLong(9, r.bytes());
    }

    /** The journal entry in the current row of a {@link #select(JournalQuery)}. */
    public static JournalEntry record(ResultSet rs) throws SQLException {
        Map<String, String> detail = GSON.fromJson(rs.getString(9), DETAIL);
        return new JournalEntry(
                rs.getLong(1),
                new JournalRecord(
                        instant(rs.getLong(2)),
                        JournalKind.valueOf(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        detail));
    }

    /** The log entry in the current row of a {@link #select(LogQuery)}. */
    public static LogEntry line(ResultSet rs) throws SQLException {
        return new LogEntry(
                rs.getLong(1),
                new LogRecord(
                        instant(rs.getLong(2)),
                        rs.getString(3),
                        rs.getString(4),
                        LogLevel.valueOf(rs.getString(5)),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9)));
    }

    /** Inserts {@code records} in order, as one batch. */
    public static void insertRecords(Connection c, List<JournalRecord> records) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(INSERT_RECORD)) {
            for (JournalRecord r : records) {
                bindRecord(p, r);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Inserts {@code lines} in order, as one batch. */
    public static void insertLines(Connection c, List<LogRecord> lines) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(INSERT_LINE)) {
            for (LogRecord r : lines) {
                bindLine(p, r);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** The journal entries {@code q} selects. */
    public static List<JournalEntry> query(Connection c, JournalQuery q) throws SQLException {
        Select s = select(q);
        try (PreparedStatement p = c.prepareStatement(s.sql())) {
            bind(p, s.parameters());
            return rows(p, JournalSql::record);
        }
    }

    /** The log entries {@code q} selects. */
    public static List<LogEntry> query(Connection c, LogQuery q) throws SQLException {
        Select s = select(q);
        try (PreparedStatement p = c.prepareStatement(s.sql())) {
            bind(p, s.parameters());
            return rows(p, JournalSql::line);
        }
    }

    /** The newest journal position, 0 when empty. */
    public static long lastSeq(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM journal");
                ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Lines and bytes kept per plugin. */
    public static Map<String, LogUsage> usage(Connection c) throws SQLException {
        Map<String, LogUsage> out = new TreeMap<>();
        try (PreparedStatement p = c.prepareStatement(
                        "SELECT plugin, count(*), coalesce(sum(bytes), 0) FROM log_lines GROUP BY plugin");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new LogUsage(rs.getLong(2), rs.getLong(3)));
            }
        }
        return out;
    }

    /** Deletes the lines older than {@code cutoff}; how many went. */
    public static long deleteBefore(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM log_lines WHERE at_us < ?")) {
            p.setLong(1, micros(cutoff));
            return p.executeUpdate();
        }
    }

    /** Deletes the oldest lines of {@code plugin} until at most {@code maxBytes} are left; how many went. */
    public static long trimPlugin(Connection c, String plugin, long maxBytes) throws SQLException {
        long total;
        try (PreparedStatement p =
                c.prepareStatement("SELECT coalesce(sum(bytes), 0) FROM log_lines WHERE plugin = ?")) {
            p.setString(1, plugin);
            try (ResultSet rs = p.executeQuery()) {
                total = rs.next() ? rs.getLong(1) : 0;
            }
        }
        long excess = total - Math.max(0, maxBytes);
        if (excess <= 0) {
            return 0;
        }
        long cutoff = -1;
        try (PreparedStatement p =
                c.prepareStatement("SELECT seq, bytes FROM log_lines WHERE plugin = ? ORDER BY seq")) {
            p.setString(1, plugin);
            try (ResultSet rs = p.executeQuery()) {
                long freed = 0;
                while (freed < excess && rs.next()) {
                    cutoff = rs.getLong(1);
                    freed += rs.getLong(2);
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM log_lines WHERE plugin = ? AND seq <= ?")) {
            p.setString(1, plugin);
            p.setLong(2, cutoff);
            return p.executeUpdate();
        }
    }

    /** Microseconds since the epoch. */
    public static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    /** The instant of {@code micros} since the epoch. */
    public static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** The rows of a query, in order. */
    public static <T> List<T> rows(PreparedStatement p, RowReader<T> reader) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(reader.read(rs));
            }
        }
        return out;
    }

    /** Reads one row. */
    @FunctionalInterface
    public interface RowReader<T> {
        /** The value of the current row. */
        T read(ResultSet rs) throws SQLException;
    }

    private static void text(PreparedStatement p, int index, String value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.VARCHAR);
        } else {
            p.setString(index, value);
        }
    }

    /** A WHERE clause being built: conditions joined by AND, each with its parameters. */
    private static final class Conditions {
        private final List<String> sql = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        Conditions(String first, Object value) {
            add(first, value);
        }

        void add(String condition, Object value) {
            if (value != null) {
                sql.add(condition);
                parameters.add(value);
            }
        }

        void in(String column, Collection<String> values) {
            if (!values.isEmpty()) {
                sql.add(column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")");
                parameters.addAll(values);
            }
        }

        Select select(String head, int limit) {
            parameters.add((long) limit);
            return new Select(head + " WHERE " + String.join(" AND ", sql) + " ORDER BY seq LIMIT ?", parameters);
        }
    }
}
