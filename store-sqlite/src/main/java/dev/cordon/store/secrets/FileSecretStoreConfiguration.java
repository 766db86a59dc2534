package dev.cordon.store.secrets;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the plain file backend (PID {@value #PID}). */
@ObjectClassDefinition(
        name = "Cordon secrets: plain file",
        description = "Secrets in a JSON file readable by its owner only (the original's layout).")
public @interface FileSecretStoreConfiguration {

    String PID = "dev.cordon.store.secrets.file";

    /** Empty (the default) means {@code <cordon.data>/secrets/secrets.json}. */
    @AttributeDefinition(
            name = "Secrets file",
            required = false,
            description = "Path of the secrets file; empty means <cordon.data>/secrets/secrets.json.")
    String secrets_path() default "";
}
