/**
 * Service provider interfaces the runtime consumes and other bundles implement: launching workers and storing jobs.
 */
@Export
@Version("1.2.0")
package dev.cordon.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
