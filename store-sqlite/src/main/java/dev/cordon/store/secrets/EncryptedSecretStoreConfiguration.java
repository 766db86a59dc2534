package dev.cordon.store.secrets;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the encrypted backend (PID {@value #PID}). The component starts only when this
 * configuration exists, because it needs a key that a default cannot supply.
 */
@ObjectClassDefinition(
        name = "Cordon secrets: encrypted file",
        description = "Secrets in an AES-GCM encrypted file whose key comes from an environment variable.")
public @interface EncryptedSecretStoreConfiguration {

    String PID = "dev.cordon.store.secrets.encrypted";

    /** Empty (the default) means {@code <cordon.data>/secrets/secrets.enc}. */
    @AttributeDefinition(
            name = "Secrets file",
            required = false,
            description = "Path of the encrypted secrets file; empty means <cordon.data>/secrets/secrets.enc.")
    String secrets_path() default "";

    /** The environment variable holding base64 of the 32-byte key. */
    @AttributeDefinition(
            name = "Key variable",
            required = false,
            description = "Environment variable holding the base64 of a 32-byte AES key.")
    String key_variable() default EncryptedFileSecretStore.DEFAULT_KEY_VARIABLE;
}
