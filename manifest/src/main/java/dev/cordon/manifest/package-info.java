/**
 * Cordon's file formats: plugin manifests (v2.0, and v1.0 read-only) and {@code plugins.yaml}. Config schemas and
 * their validation are in {@code dev.cordon.manifest.config}; JSON text, canonical hashes and the JSON form of a
 * JobError are the wire's, in the {@code dev.cordon.protocol} module.
 */
@Export
@Version("2.0.0")
package dev.cordon.manifest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
