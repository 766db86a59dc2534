package dev.cordon.store.secrets.internal;

import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import dev.cordon.store.internal.SecretKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The SecretStore behaviour both file backends share: every operation reads the file (so edits by the
 * CLI are seen at once), and every change rewrites it atomically, under one lock per store.
 */
public final class SecretsFileStore implements SecretStore {

    private final PrivateFile file;
    private final SecretsCodec codec;

    public SecretsFileStore(Path file, SecretsCodec codec) {
        this.file = new PrivateFile(file);
        this.codec = codec;
    }

    public Path path() {
        return file.path();
    }

    @Override
    public synchronized void set(String pluginName, String key, SecretValue value) {
        SecretKeys.requirePlugin(pluginName);
        SecretKeys.requireKey(key);
        SecretsDocument document = load();
        document.set(
                pluginName,
                key,
                java.util.Objects.requireNonNull(value, "value").reveal());
        file.write(codec.encode(document.toJson()));
    }

    @Override
    public synchronized Optional<SecretValue> get(String pluginName, String key) {
        SecretKeys.requirePlugin(pluginName);
        SecretKeys.requireKey(key);
        return load().get(pluginName, key).map(SecretValue::of);
    }

    @Override
    public synchronized boolean delete(String pluginName, String key) {
        SecretKeys.requirePlugin(pluginName);
        SecretKeys.requireKey(key);
        SecretsDocument document = load();
        if (!document.delete(pluginName, key)) {
            return false;
        }
        file.write(codec.encode(document.toJson()));
        return true;
    }

    @Override
    public synchronized List<String> names(String pluginName) {
        return load().names(SecretKeys.requirePlugin(pluginName));
    }

    @Override
    public synchronized List<String> plugins() {
        return load().plugins();
    }

    private SecretsDocument load() {
        return file.read()
                .map(bytes -> SecretsDocument.parse(codec.decode(bytes), file.path()))
                .orElseGet(SecretsDocument::empty);
    }

    @Override
    public String toString() {
        return "SecretStore[backend=" + codec.backend() + ", file=" + file + "]";
    }
}
