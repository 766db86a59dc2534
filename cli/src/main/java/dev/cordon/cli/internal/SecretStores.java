package dev.cordon.cli.internal;

import dev.cordon.api.store.SecretStore;
import dev.cordon.boot.CordonHome;
import dev.cordon.store.secrets.EncryptedFileSecretStore;
import dev.cordon.store.secrets.FileSecretStore;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Opens the secret store the runtime uses, the way its default wiring picks it: the plain file backend
 * ({@code service.ranking} 10, {@code etc/dev.cordon.store.secrets.file.cfg} may move its file), unless
 * {@code etc/dev.cordon.store.secrets.encrypted.cfg} exists and ranks the encrypted backend higher. Both backends
 * read their file on every operation, so a running runtime sees what the CLI writes at its next worker spawn.
 */
final class SecretStores {

    static final String FILE_PID = "dev.cordon.store.secrets.file";
    static final String ENCRYPTED_PID = "dev.cordon.store.secrets.encrypted";

    /**
     * The store and a description of where it keeps secrets.
     *
     * @param store the store
     * @param where for messages: the backend and its file
     */
    record Opened(SecretStore store, String where) {}

    private SecretStores() {}

    static Opened open(CordonHome home) {
        Properties file = config(home, FILE_PID);
        Properties encrypted = config(home, ENCRYPTED_PID);
        int fileRanking = ranking(file, 10);
        if (encrypted != null && ranking(encrypted, 5) > fileRanking) {
            Path path = path(home, encrypted, EncryptedFileSecretStore.DEFAULT_FILE);
            String variable = encrypted.getProperty("key.variable", EncryptedFileSecretStore.DEFAULT_KEY_VARIABLE);
            return new Opened(
                    new EncryptedFileSecretStore(path, variable.trim(), System.getenv()),
                    "the encrypted store " + path);
        }
        Path path = path(home, file, FileSecretStore.DEFAULT_FILE);
        return new Opened(new FileSecretStore(path), "the secrets file " + path);
    }

    private static Properties config(CordonHome home, String pid) {
        Path cfg = home.etc().resolve(pid + ".cfg");
        if (!Files.isRegularFile(cfg)) {
            return null;
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + cfg + ": " + e.getMessage(), e);
        }
        return props;
    }

    private static int ranking(Properties props, int fallback) {
        if (props == null || props.getProperty("service.ranking") == null) {
            return fallback;
        }
        String text = props.getProperty("service.ranking").trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("service.ranking '" + text + "' is not a whole number");
        }
    }

    private static Path path(CordonHome home, Properties props, String defaultName) {
        String configured = props == null ? null : props.getProperty("secrets.path");
        return configured == null || configured.isBlank()
                ? home.data().resolve(defaultName)
                : Path.of(configured.trim());
    }
}
