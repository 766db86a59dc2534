/**
 * Services the Cordon host offers to the code that embeds or drives it.
 */
@Export
@Version("1.4.0")
package dev.cordon.api.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
