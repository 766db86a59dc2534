package dev.cordon.runtime.internal.manager;

import dev.cordon.api.host.HostSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * How the plugin manager discovers, starts, calls and measures plugin instances.
 * Part of the host configuration, PID {@value #PID} (file {@code etc/dev.cordon.host.cfg}), which the plugin manager,
 * the worker launcher and the runtime information read alike; the keys are named like the framework properties
 * ({@code etc/cordon.properties}, or an embedding application's framework properties) that they override, and
 * {@code cordon.home} and {@code cordon.data} may be set there too (a container that owns the framework, such as
 * Karaf, places Cordon's folders this way). A change restarts the plugin manager and the launcher: loaded instances
 * stop and load again, with the new values, on their next use. Every attribute is optional; its description names
 * the default.
 */
@ObjectClassDefinition(
        name = "Cordon plugin manager",
        description =
                "How the plugin manager discovers, starts, calls and measures plugin instances; a change restarts the manager and the launcher (loaded instances stop).")
public @interface ManagerConfiguration {

    /** The configuration PID. */
    String PID = HostSettings.PID;

    /** {@code cordon.plugins.paths}: comma-separated manifest folders, searched in order; default &lt;data&gt;/manifests, then &lt;home&gt;/examples/manifests. */
    @AttributeDefinition(
            required = false,
            description =
                    "comma-separated manifest folders, searched in order; default <data>/manifests, then <home>/examples/manifests.")
    String cordon_plugins_paths();

    /** {@code cordon.plugins.logs}: the worker log folder; default &lt;data&gt;/logs. */
    @AttributeDefinition(required = false, description = "the worker log folder; default <data>/logs.")
    String cordon_plugins_logs();

    /** {@code cordon.plugins.config.strict}: true (default) rejects config keys the schema does not know; false drops them with a warning. */
    @AttributeDefinition(
            required = false,
            description =
                    "true (default) rejects config keys the schema does not know; false drops them with a warning.")
    String cordon_plugins_config_strict();

    /** {@code cordon.plugins.drift.detection}: compare each worker's live config schema with its manifest's hash; default true. */
    @AttributeDefinition(
            required = false,
            description = "compare each worker's live config schema with its manifest's hash; default true.")
    String cordon_plugins_drift_detection();

    /** {@code cordon.plugins.tracking}: measure every call and record it in the resource store; default true. */
    @AttributeDefinition(
            required = false,
            description = "measure every call and record it in the resource store; default true.")
    String cordon_plugins_tracking();

    /** {@code cordon.plugins.retry.max}: retries of a call on a fresh worker after a resource error; default 2. */
    @AttributeDefinition(
            required = false,
            description = "retries of a call on a fresh worker after a resource error; default 2.")
    String cordon_plugins_retry_max();

    /** {@code cordon.plugins.load.concurrency}: the most loads a load-all runs at once, 0 for no cap; default 0. */
    @AttributeDefinition(
            required = false,
            description = "the most loads a load-all runs at once, 0 for no cap; default 0.")
    String cordon_plugins_load_concurrency();

    /** {@code cordon.plugins.start.timeout.ms}: the longest wait for a worker's handshake; default 30000. */
    @AttributeDefinition(required = false, description = "the longest wait for a worker's handshake; default 30000.")
    String cordon_plugins_start_timeout_ms();

    /** {@code cordon.plugins.call.timeout.ms}: the longest one call may run; default 600000. */
    @AttributeDefinition(required = false, description = "the longest one call may run; default 600000.")
    String cordon_plugins_call_timeout_ms();

    /** {@code cordon.plugins.stop.grace.ms}: how long a stopping worker gets before it is killed; default 2000. */
    @AttributeDefinition(
            required = false,
            description = "how long a stopping worker gets before it is killed; default 2000.")
    String cordon_plugins_stop_grace_ms();

    /** {@code cordon.plugins.cancel.grace.ms}: how long a call past its timeout gets, after /cancel, to end; default 5000. */
    @AttributeDefinition(
            required = false,
            description = "how long a call past its timeout gets, after /cancel, to end; default 5000.")
    String cordon_plugins_cancel_grace_ms();

    /** {@code cordon.plugins.liveness.interval.ms}: how often a worker running a call is asked for /health; default 5000. */
    @AttributeDefinition(
            required = false,
            description = "how often a worker running a call is asked for /health; default 5000.")
    String cordon_plugins_liveness_interval_ms();

    /** {@code cordon.plugins.liveness.timeout.ms}: how long its /health answer may take; default 5000. */
    @AttributeDefinition(required = false, description = "how long its /health answer may take; default 5000.")
    String cordon_plugins_liveness_timeout_ms();
}
