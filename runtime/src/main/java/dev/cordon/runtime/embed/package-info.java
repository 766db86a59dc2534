/**
 * Runs Cordon inside an application's own JVM: a plain {@code main}, a servlet container, Spring Boot.
 *
 * <p>Start with {@link dev.cordon.runtime.embed.CordonRuntime#builder()}.
 */
@Export
@Version("1.0.0")
package dev.cordon.runtime.embed;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
