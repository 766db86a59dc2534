/**
 * Data that crosses module and process boundaries: plugin metadata, instances, jobs, resources. Field
 * wire spellings follow the original cjm-plugin-system where one exists.
 */
@Export
@Version("1.2.0")
package dev.cordon.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
