package dev.cordon.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.PluginConfigRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConfigStore} must do; each implementation runs it through a subclass. */
public abstract class ConfigStoreContract {

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new, empty store that stamps records from {@code clock}. */
    protected abstract ConfigStore newStore(Clock clock);

    private ConfigStore store() {
        return store(Clock.systemUTC());
    }

    private ConfigStore store(Clock clock) {
        ConfigStore store = newStore(clock);
        if (store instanceof AutoCloseable c) {
            opened.add(c);
        }
        return store;
    }

    @AfterEach
    void closeStores() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void unknownPluginHasNoRecord() {
        assertThat(store().get("nobody")).isEmpty();
    }

    @Test
    void putRecordIsReturnedByGet() {
        ConfigStore store = store();
        PluginConfigRecord put = store.put("echo", "{\"greeting\":\"hi\"}", true);
        assertThat(store.get("echo")).contains(put);
        assertThat(put.configJson()).isEqualTo("{\"greeting\":\"hi\"}");
        assertThat(put.enabled()).isTrue();
    }

    @Test
    void putStampsUpdatedAtFromTheClockToTheMillisecond() {
        Instant now = Instant.parse("2026-11-22T04:50:36.992452Z");
        ConfigStore store = store(Clock.fixed(now, ZoneOffset.UTC));
        PluginConfigRecord put = store.put("echo", "{}", false);
        assertThat(put.updatedAt()).isEqualTo(Instant.parse("2026-11-22T04:50:36.992Z"));
        assertThat(store.get("echo").orElseThrow().updatedAt()).isEqualTo(put.updatedAt());
    }

    @Test
    void putReplacesTheEarlierRecord() {
        ConfigStore store = store();
        store.put("echo", "{\"a\":1}", true);
        store.put("echo", "{\"a\":2}", false);
        PluginConfigRecord now = store.get("echo").orElseThrow();
        assertThat(now.configJson()).isEqualTo("{\"a\":2}");
        assertThat(now.enabled()).isFalse();
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void configurationTextIsKeptVerbatim() {
        ConfigStore store = store();
        String json = "{ \"text\" : \"grüße \\u00e9 😀\",\n  \"n\": 1.50 }";
        store.put("unicode", json, true);
        assertThat(store.get("unicode").orElseThrow().configJson()).isEqualTo(json);
    }

    @Test
    void deleteRemovesTheRecordAndSaysWhetherThereWasOne() {
        ConfigStore store = store();
        store.put("echo", "{}", true);
        assertThat(store.delete("echo")).isTrue();
        assertThat(store.delete("echo")).isFalse();
        assertThat(store.get("echo")).isEmpty();
    }

    @Test
    void listReturnsEveryRecordInNameOrder() {
        ConfigStore store = store();
        store.put("zeta", "{}", true);
        store.put("alpha", "{}", false);
        store.put("mid", "{}", true);
        assertThat(store.list().keySet()).containsExactly("alpha", "mid", "zeta");
        assertThat(store.list().get("alpha").enabled()).isFalse();
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        ConfigStore store = store();
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.put("p-" + thread + "-" + i, "{\"i\":" + i + "}", i % 2 == 0);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list()).hasSize(threads * perThread);
        assertThat(store.get("p-7-99").orElseThrow().configJson()).isEqualTo("{\"i\":99}");
    }
}
