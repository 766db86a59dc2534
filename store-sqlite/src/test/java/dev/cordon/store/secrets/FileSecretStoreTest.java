package dev.cordon.store.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import dev.cordon.api.store.StoreException;
import dev.cordon.testkit.store.SecretStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileSecretStore} against the SecretStore contract, plus its file format and permissions. */
class FileSecretStoreTest extends SecretStoreContract {

    @TempDir
    Path folder;

    private Path file() {
        return folder.resolve("secrets").resolve("secrets.json");
    }

    @Override
    protected SecretStore newStore() {
        return new FileSecretStore(file());
    }

    @Test
    void fileHasTheOriginalLayoutAndPrivateModes() throws Exception {
        newStore().set("llm", "API_KEY", SecretValue.of(VALUE));
        String json = Files.readString(file()).replaceAll("\\s", "");
        assertThat(json).isEqualTo("{\"__default__\":{\"llm\":{\"API_KEY\":\"" + VALUE + "\"}}}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())))
                .isEqualTo("rwx------");
        try (var left = Files.list(file().getParent())) {
            assertThat(left).containsExactly(file());
        }
    }

    @Test
    void readsAFileWrittenByTheOriginalAndKeepsOtherScopes() throws Exception {
        newStore().set("llm", "API_KEY", SecretValue.of("x"));
        Files.writeString(
                file(),
                "{\"team\": {\"llm\": {\"API_KEY\": \"t\"}}," + " \"__default__\": {\"llm\": {\"HF_TOKEN\": \"h\"}}}");
        SecretStore store = newStore();
        assertThat(store.get("llm", "HF_TOKEN")).contains(SecretValue.of("h"));
        store.delete("llm", "HF_TOKEN");
        assertThat(Files.readString(file())).contains("team").doesNotContain("__default__");
    }

    @Test
    void aFileOthersCanReadIsRefusedWithTheChmodToRun() throws Exception {
        newStore().set("llm", "API_KEY", SecretValue.of(VALUE));
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> newStore().get("llm", "API_KEY"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("0644")
                .hasMessageContaining("chmod 600 " + file())
                .hasMessageNotContaining(VALUE);
        assertThatThrownBy(() -> newStore().set("llm", "OTHER", SecretValue.of("v")))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void aFolderOthersCanEnterIsRefused() throws Exception {
        newStore().set("llm", "API_KEY", SecretValue.of(VALUE));
        Files.setPosixFilePermissions(file().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> newStore().names("llm"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("0755")
                .hasMessageContaining("chmod 700 " + file().getParent());
    }

    @Test
    void malformedFileIsReportedWithoutItsContent() throws Exception {
        newStore().set("llm", "API_KEY", SecretValue.of(VALUE));
        Files.writeString(file(), "{\"__default__\": {\"llm\": {\"API_KEY\": \"" + VALUE + "\" oops");
        assertThatThrownBy(() -> newStore().get("llm", "API_KEY"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("not valid JSON")
                .hasMessageNotContaining(VALUE)
                .hasNoCause();
    }

    @Test
    void nonStringValueIsReportedByPathWithoutValues() throws Exception {
        newStore().set("llm", "API_KEY", SecretValue.of(VALUE));
        Files.write(
                file(),
                ("{\"__default__\": {\"llm\": {\"API_KEY\": 12345, \"B\": \"" + VALUE + "\"}}}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> newStore().names("llm"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("$.__default__.llm.API_KEY")
                .hasMessageNotContaining("12345")
                .hasMessageNotContaining(VALUE);
    }
}
