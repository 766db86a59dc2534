/**
 * Config JSON Schemas: derived from annotated records ({@link dev.cordon.manifest.config.ConfigSchemas}), checked
 * when a manifest is read, configs validated against them ({@link dev.cordon.manifest.config.ConfigValidator}) and
 * converted to records ({@link dev.cordon.manifest.config.ConfigRecords}). Configs are plain JSON values (see
 * {@code dev.cordon.protocol.json}).
 */
@Export
@Version("1.0.0")
package dev.cordon.manifest.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
