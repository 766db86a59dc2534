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
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EncryptedFileSecretStore} against the SecretStore contract, plus its key handling. */
class EncryptedFileSecretStoreTest extends SecretStoreContract {

    private static final String VARIABLE = EncryptedFileSecretStore.DEFAULT_KEY_VARIABLE;

    @TempDir
    Path folder;

    private final String key = newKey();

    private static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private Path file() {
        return folder.resolve("secrets").resolve("secrets.enc");
    }

    private SecretStore store(String withKey) {
        return new EncryptedFileSecretStore(file(), VARIABLE, Map.of(VARIABLE, withKey));
    }

    @Override
    protected SecretStore newStore() {
        return store(key);
    }

    @Test
    void fileHoldsNoPlainTextAndIsPrivate() throws Exception {
        newStore().set("llm", "API_KEY", SecretValue.of(VALUE));
        String raw = new String(Files.readAllBytes(file()), StandardCharsets.ISO_8859_1);
        assertThat(raw)
                .startsWith("CORDONSEC1")
                .doesNotContain(VALUE)
                .doesNotContain("API_KEY")
                .doesNotContain("llm");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
    }

    @Test
    void missingKeyVariableIsNamedWithHowToCreateOne() {
        assertThatThrownBy(() -> new EncryptedFileSecretStore(file(), VARIABLE, Map.of()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(VARIABLE)
                .hasMessageContaining("not set")
                .hasMessageContaining("head -c 32 /dev/urandom | base64");
    }

    @Test
    void keyOfTheWrongLengthIsRefusedWithoutEchoingIt() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> store(shortKey))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("16 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> store("not base64 at all!"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void anotherKeyCannotReadTheFileAndTheMessageSaysSo() {
        newStore().set("llm", "API_KEY", SecretValue.of(VALUE));
        assertThatThrownBy(() -> store(newKey()).get("llm", "API_KEY"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot decrypt " + file())
                .hasMessageContaining("another key")
                .hasMessageNotContaining(VALUE);
    }

    @Test
    void aPlainSecretsFileIsNotMistakenForAnEncryptedOne() throws Exception {
        new FileSecretStore(file()).set("llm", "API_KEY", SecretValue.of(VALUE));
        assertThatThrownBy(() -> newStore().names("llm"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not an encrypted Cordon secrets file")
                .hasMessageNotContaining(VALUE);
    }
}
