package dev.cordon.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link SecretStore} must do; each implementation runs it through a subclass. */
public abstract class SecretStoreContract {

    protected static final String VALUE = "sk-live-7f3a9c1e5b2d";

    /** A new, empty store. */
    protected abstract SecretStore newStore();

    @Test
    void storedSecretIsReturnedToTheLauncher() {
        SecretStore store = newStore();
        store.set("llm", "API_KEY", SecretValue.of(VALUE));
        assertThat(store.get("llm", "API_KEY").orElseThrow().reveal()).isEqualTo(VALUE);
    }

    @Test
    void setReplacesTheEarlierValue() {
        SecretStore store = newStore();
        store.set("llm", "API_KEY", SecretValue.of("old"));
        store.set("llm", "API_KEY", SecretValue.of("new"));
        assertThat(store.get("llm", "API_KEY")).contains(SecretValue.of("new"));
    }

    @Test
    void secretsAreScopedPerPlugin() {
        SecretStore store = newStore();
        store.set("llm", "API_KEY", SecretValue.of(VALUE));
        assertThat(store.get("ocr", "API_KEY")).isEmpty();
        assertThat(store.names("ocr")).isEmpty();
    }

    @Test
    void namesListsSortedNamesOnly() {
        SecretStore store = newStore();
        store.set("llm", "ZED_TOKEN", SecretValue.of(VALUE));
        store.set("llm", "API_KEY", SecretValue.of(VALUE + "2"));
        assertThat(store.names("llm")).containsExactly("API_KEY", "ZED_TOKEN");
    }

    @Test
    void pluginsListsEveryPluginWithASecretSortedAndForgetsOnesLeftEmpty() {
        SecretStore store = newStore();
        assertThat(store.plugins()).isEmpty();
        store.set("ocr", "TOKEN", SecretValue.of(VALUE));
        store.set("llm", "API_KEY", SecretValue.of(VALUE));
        assertThat(store.plugins()).containsExactly("llm", "ocr");
        store.delete("ocr", "TOKEN");
        assertThat(store.plugins()).containsExactly("llm");
    }

    @Test
    void deleteRemovesTheSecretAndSaysWhetherThereWasOne() {
        SecretStore store = newStore();
        store.set("llm", "API_KEY", SecretValue.of(VALUE));
        store.set("llm", "OTHER", SecretValue.of(VALUE));
        assertThat(store.delete("llm", "API_KEY")).isTrue();
        assertThat(store.delete("llm", "API_KEY")).isFalse();
        assertThat(store.delete("nobody", "API_KEY")).isFalse();
        assertThat(store.names("llm")).containsExactly("OTHER");
    }

    @Test
    void aNameThatIsNotAnEnvironmentVariableIsRejected() {
        SecretStore store = newStore();
        assertThatThrownBy(() -> store.set("llm", "API KEY", SecretValue.of(VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API KEY")
                .hasMessageNotContaining(VALUE);
        assertThatThrownBy(() -> store.get("llm", "1ST")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesNeverAppearInToString() {
        SecretStore store = newStore();
        store.set("llm", "API_KEY", SecretValue.of(VALUE));
        SecretValue value = store.get("llm", "API_KEY").orElseThrow();
        assertThat(store.toString()).doesNotContain(VALUE);
        assertThat(value.toString()).doesNotContain(VALUE);
        assertThat(store.get("llm", "API_KEY").toString()).doesNotContain(VALUE);
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        SecretStore store = newStore();
        int threads = 4;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.set("p", "K_" + thread + "_" + i, SecretValue.of("v" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.names("p")).hasSize(threads * perThread);
    }
}
