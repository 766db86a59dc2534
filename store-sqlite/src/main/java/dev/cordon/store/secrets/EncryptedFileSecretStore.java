package dev.cordon.store.secrets;

import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import dev.cordon.api.store.StoreException;
import dev.cordon.store.internal.DataFolder;
import dev.cordon.store.secrets.internal.AesGcmCodec;
import dev.cordon.store.secrets.internal.SecretsFileStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A {@link SecretStore} whose file is encrypted with AES-256-GCM under a key taken from an environment
 * variable ({@value #DEFAULT_KEY_VARIABLE} by default, base64 of 32 bytes), so a copy of the data folder
 * alone reveals nothing. The file keeps the same {@code 0600}/{@code 0700} rules and atomic replace as
 * {@link FileSecretStore}. Service property {@code backend=encrypted}, ranking 5; the component starts
 * only when its configuration ({@value EncryptedSecretStoreConfiguration#PID}) exists.
 */
@Component(
        service = SecretStore.class,
        configurationPid = EncryptedSecretStoreConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {"backend=encrypted", "service.ranking:Integer=5"})
@Designate(ocd = EncryptedSecretStoreConfiguration.class)
public final class EncryptedFileSecretStore implements SecretStore {

    /** The environment variable read for the key unless configured otherwise. */
    public static final String DEFAULT_KEY_VARIABLE = "CORDON_SECRETS_KEY";

    /** The default file name inside {@code <cordon.data>}. */
    public static final String DEFAULT_FILE = "secrets/secrets.enc";

    private final SecretsFileStore store;

    /** The DS constructor: reads the key from the process environment. */
    @Activate
    public EncryptedFileSecretStore(BundleContext context, EncryptedSecretStoreConfiguration configuration) {
        this(
                DataFolder.resolve(context, configuration.secrets_path(), DEFAULT_FILE),
                configuration.key_variable(),
                System.getenv());
    }

    /**
     * A store on {@code file} with its key in {@code environment.get(keyVariable)}.
     *
     * @throws StoreException when the variable is missing or does not hold base64 of 32 bytes
     */
    public EncryptedFileSecretStore(Path file, String keyVariable, Map<String, String> environment) {
        this.store = new SecretsFileStore(file, new AesGcmCodec(keyVariable, environment, file.toAbsolutePath()));
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
