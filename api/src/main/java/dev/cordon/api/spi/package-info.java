/**
 * Service provider interfaces the runtime consumes and other bundles implement: launching workers and storing jobs
 * under leases (claims fenced by version), for one host or several sharing a store.
 */
@Export
@Version("2.3.0")
package dev.cordon.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
