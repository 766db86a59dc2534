package dev.cordon.store.memory;

import dev.cordon.api.store.DiagnosticStore;
import dev.cordon.api.store.LogEntry;
import dev.cordon.api.store.LogQuery;
import dev.cordon.api.store.LogRecord;
import dev.cordon.api.store.LogUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A {@link DiagnosticStore} in memory, for tests and embedding; lost when the process ends. */
public final class InMemoryDiagnosticStore implements DiagnosticStore {

    private final List<LogEntry> entries = new ArrayList<>();
    private long lastSeq;

    @Override
    public synchronized void appendAll(List<LogRecord> lines) {
        for (LogRecord r : lines) {
            entries.add(new LogEntry(++lastSeq, Objects.requireNonNull(r, "line")));
        }
    }

    @Override
    public synchronized List<LogEntry> query(LogQuery query) {
        List<LogEntry> out = new ArrayList<>();
        for (LogEntry e : entries) {
            if (out.size() == query.limit()) {
                break;
            }
            if (query.matches(e)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized Map<String, LogUsage> usage() {
        Map<String, LogUsage> out = new TreeMap<>();
        for (LogEntry e : entries) {
            out.merge(
                    e.record().plugin(),
                    new LogUsage(1, e.record().bytes()),
                    (a, b) -> new LogUsage(a.lines() + b.lines(), a.bytes() + b.bytes()));
        }
        return out;
    }

    @Override
    public synchronized long deleteBefore(Instant cutoff) {
        int before = entries.size();
        entries.removeIf(e -> e.record().time().isBefore(cutoff));
        return before - entries.size();
    }

    @Override
    public synchronized long trimPlugin(String plugin, long maxBytes) {
        long total = 0;
        for (LogEntry e : entries) {
            if (e.record().plugin().equals(plugin)) {
                total += e.record().bytes();
            }
        }
        long removed = 0;
        Iterator<LogEntry> it = entries.iterator();
        while (total > Math.max(0, maxBytes) && it.hasNext()) {
            LogEntry e = it.next();
            if (e.record().plugin().equals(plugin)) {
                total -= e.record().bytes();
                it.remove();
                removed++;
            }
        }
        return removed;
    }
}
