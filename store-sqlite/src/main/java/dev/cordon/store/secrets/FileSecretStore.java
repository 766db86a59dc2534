package dev.cordon.store.secrets;

import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.DataFolder;
import dev.cordon.store.secrets.internal.PlainCodec;
import dev.cordon.store.secrets.internal.SecretsFileStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The default {@link SecretStore}: the original's {@code secrets.json}
 * ({@code {"__default__": {"<plugin>": {"KEY": "value"}}}}), mode {@code 0600} in a {@code 0700} folder,
 * replaced atomically on every change. A file or folder that other users can reach is refused with a
 * {@link StoreException} giving the {@code chmod} to run. Service property {@code backend=file},
 * ranking 10.
 */
@Component(
        service = SecretStore.class,
        configurationPid = FileSecretStoreConfiguration.PID,
        property = {"backend=file", "service.ranking:Integer=10"})
@Designate(ocd = FileSecretStoreConfiguration.class)
public final class FileSecretStore implements SecretStore {

    /** The default file name inside {@code <cordon.data>}. */
    public static final String DEFAULT_FILE = "secrets/secrets.json";

    private final SecretsFileStore store;

    /** The DS constructor: {@code secrets.path}, or {@code <cordon.data>/secrets/secrets.json}. */
    @Activate
    public FileSecretStore(BundleContext context, FileSecretStoreConfiguration configuration) {
        this(DataFolder.resolve(context, configuration.secrets_path(), DEFAULT_FILE));
    }

    /** A store on {@code file}; the file and its folder are created on the first write. */
    public FileSecretStore(Path file) {
        this.store = new SecretsFileStore(file, new PlainCodec());
    }

    @Override
    public void set(String pluginName, String key, SecretValue value) {
        store.set(pluginName, key, value);
    }

    @Override
    public Optional<SecretValue> get(String pluginName, String key) {
        return store.get(pluginName, key);
    }

    @Override
    public boolean delete(String pluginName, String key) {
        return store.delete(pluginName, key);
    }

    @Override
    public List<String> names(String pluginName) {
        return store.names(pluginName);
    }

    @Override
    public List<String> plugins() {
        return store.plugins();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
