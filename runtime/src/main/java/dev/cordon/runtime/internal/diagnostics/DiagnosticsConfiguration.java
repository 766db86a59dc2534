package dev.cordon.runtime.internal.diagnostics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the diagnostics store's feeding and retention (PID {@value #PID}, file
 * {@code etc/dev.cordon.diagnostics.cfg}); changes apply live, and a changed policy is applied at once.
 */
@ObjectClassDefinition(
        name = "Cordon diagnostics",
        description = "Worker log lines kept for queries by job, run and level, and how long they are kept.")
public @interface DiagnosticsConfiguration {

    /** The configuration PID. */
    String PID = "dev.cordon.diagnostics";

    /** Whether worker log lines are copied into the diagnostics store. */
    @AttributeDefinition(name = "Enabled", description = "Copy worker log lines into the diagnostics store.")
    boolean enabled() default true;

    /** How often the worker logs are read for new lines, in milliseconds. */
    @AttributeDefinition(name = "Poll interval (ms)", description = "How often worker logs are read for new lines.")
    long poll_interval_ms() default 500;

    /** The oldest a kept line may get: 7d, 12h, 30m, 45s, ISO-8601, or 0 for no limit. */
    @AttributeDefinition(name = "Maximum age", description = "7d, 12h, 30m, 45s, PT1H, or 0 for no limit.")
    String retention_max_age() default "7d";

    /** The most bytes of lines kept per plugin: bytes, or 10KB, 64MB, 1GB; 0 for no limit. */
    @AttributeDefinition(name = "Maximum size per plugin", description = "Bytes, or 10KB, 64MB, 1GB; 0 for no limit.")
    String retention_max_bytes_per_plugin() default "64MB";

    /** Limits of particular plugins, each {@code plugin=size}. */
    @AttributeDefinition(
            name = "Limits per plugin",
            required = false,
            description = "Entries plugin=size overriding the size limit for that plugin.")
    String[] retention_plugin_limits() default {};

    /** How often the policy is applied besides at start and on a change. */
    @AttributeDefinition(name = "Interval", description = "How often retention runs: 1h, 10m, ...")
    String retention_interval() default "1h";
}
