/**
 * The file-based {@link dev.cordon.api.store.SecretStore} backends: {@link dev.cordon.store.secrets.FileSecretStore}
 * (the original's plain {@code secrets.json}, 0600) and {@link dev.cordon.store.secrets.EncryptedFileSecretStore}
 * (AES-GCM, key from the environment). Both are DS components telling themselves apart by the service
 * property {@code backend}.
 */
@Export
@Version("1.0.0")
package dev.cordon.store.secrets;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
