/**
 * The plugin SPI for Java plugin authors: the {@link dev.cordon.api.plugin.Plugin} contract, its cancellation
 * and reporting context, config-record annotations and the worker-environment declaration.
 */
@Export
@Version("1.1.0")
package dev.cordon.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
