/**
 * In-memory implementations of every store SPI, for embedding applications and tests that want no
 * files. Nothing survives the object; each is thread-safe and behaves as the persistent stores do.
 */
@Export
@Version("1.0.0")
package dev.cordon.store.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
