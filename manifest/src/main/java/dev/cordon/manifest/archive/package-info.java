/**
 * Plugin archives: a zip holding {@code manifest.json} (a v2 manifest whose drift-tracking hash matches its config
 * schema) beside the plugin's files (for Java, the plugin jar and its runtime dependencies). Written by the Maven
 * plugin, verified and unpacked by the installer and by the runtime's deploy folder; and the introspection of a
 * folder of jars by a real Java worker, which produces the manifest's {@code code} section.
 */
@Export
@Version("1.0.0")
package dev.cordon.manifest.archive;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
