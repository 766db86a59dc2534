/**
 * Deciding whether an execution may start, and what the machine really has free: the
 * {@link dev.cordon.api.scheduling.ResourceScheduler} and {@link dev.cordon.api.scheduling.SystemMonitor} SPIs
 * and the readings they exchange.
 */
@Export
@Version("1.0.0")
package dev.cordon.api.scheduling;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
