/**
 * JSON text ↔ plain Java values, byte-compatible with Python's {@code json} module, and the canonical JSON hash of
 * cjm-plugin-system.
 *
 * <p>JSON values are exchanged as plain Java values: {@code null}, {@link java.lang.Boolean}, {@link java.lang.String},
 * {@link java.lang.Long} or {@link java.math.BigInteger} (JSON numbers written without fraction or exponent),
 * {@link java.lang.Double} (all other numbers, always finite), {@link java.util.List} and {@link java.util.Map} with
 * string keys in document order.
 */
@Export
@Version("1.0.0")
package dev.cordon.protocol.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
