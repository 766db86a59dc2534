package dev.cordon.store.memory;

import dev.cordon.api.store.JournalEntry;
import dev.cordon.api.store.JournalQuery;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.api.store.JournalStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A {@link JournalStore} in memory, for tests and embedding; lost when the process ends. */
public final class InMemoryJournalStore implements JournalStore {

    private final List<JournalEntry> entries = new ArrayList<>();

    @Override
    public synchronized void appendAll(List<JournalRecord> records) {
        for (JournalRecord r : records) {
            entries.add(new JournalEntry(entries.size() + 1L, Objects.requireNonNull(r, "record")));
        }
    }

    @Override
    public synchronized List<JournalEntry> query(JournalQuery query) {
        List<JournalEntry> out = new ArrayList<>();
        // Positions are list indexes plus one: start just after afterSeq.
        for (int i = (int) Math.min(query.afterSeq(), entries.size());
                i < entries.size() && out.size() < query.limit();
                i++) {
            JournalEntry e = entries.get(i);
            if (query.matches(e)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized long lastSeq() {
        return entries.size();
    }
}
