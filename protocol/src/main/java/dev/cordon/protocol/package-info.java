/**
 * Worker protocol v1 (docs/protocol.md) as the host and the Java worker both speak it: the {@link
 * dev.cordon.protocol.Endpoint endpoints}, the {@link dev.cordon.protocol.StatusWord status words} of their answers,
 * the {@link dev.cordon.protocol.ErrorStatus error-category ↔ HTTP-status table} and the {@link
 * dev.cordon.protocol.JobErrorJson JSON form of a JobError}. JSON text itself is in {@code dev.cordon.protocol.json}.
 */
@Export
@Version("1.0.0")
package dev.cordon.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
