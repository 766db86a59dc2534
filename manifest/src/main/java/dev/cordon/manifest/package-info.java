/**
 * Cordon's file formats: plugin manifests (v2.0, and v1.0 read-only), config JSON Schemas derived from annotated
 * records with validation and conversion, canonical JSON hashes compatible with cjm-plugin-system, and the JSON form
 * of {@link dev.cordon.api.error.JobError}.
 *
 * <p>JSON values are exchanged as plain Java values: {@code null}, {@link java.lang.Boolean}, {@link java.lang.String},
 * {@link java.lang.Long} or {@link java.math.BigInteger} (JSON numbers written without fraction or exponent),
 * {@link java.lang.Double} (all other numbers), {@link java.util.List} and {@link java.util.Map} with string keys in
 * document order.
 */
@Export
@Version("1.0.0")
package dev.cordon.manifest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
