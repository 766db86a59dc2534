package dev.cordon.launcher.internal;

import dev.cordon.api.host.HostSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * How the launcher starts worker processes.
 * Part of the host configuration, PID {@value #PID} (file {@code etc/dev.cordon.host.cfg}), which the plugin manager,
 * the worker launcher and the runtime information read alike; the keys are named like the framework properties
 * ({@code etc/cordon.properties}, or an embedding application's framework properties) that they override, and
 * {@code cordon.home} and {@code cordon.data} may be set there too (a container that owns the framework, such as
 * Karaf, places Cordon's folders this way). A change restarts the plugin manager and the launcher: loaded instances
 * stop and load again, with the new values, on their next use. Every attribute is optional; its description names
 * the default.
 */
@ObjectClassDefinition(
        name = "Cordon worker launcher",
        description =
                "How the launcher starts worker processes; a change restarts the manager and the launcher (loaded instances stop).")
public @interface LauncherConfiguration {

    /** The configuration PID. */
    String PID = HostSettings.PID;

    /** {@code cordon.worker.lib}: the Java worker's module path, a folder of jars; default &lt;home&gt;/lib/worker. */
    @AttributeDefinition(
            required = false,
            description = "the Java worker's module path, a folder of jars; default <home>/lib/worker.")
    String cordon_worker_lib();

    /** {@code cordon.worker.python}: Cordon's Python worker script; default &lt;home&gt;/lib/python/cordon_worker.py. */
    @AttributeDefinition(
            required = false,
            description = "Cordon's Python worker script; default <home>/lib/python/cordon_worker.py.")
    String cordon_worker_python();

    /** {@code cordon.worker.env.allow}: comma-separated host variables a worker inherits, a trailing * matching a prefix; default PATH,HOME,USER,LANG,LC_*,TZ,TMPDIR,JAVA_HOME,CUDA_*. */
    @AttributeDefinition(
            required = false,
            description =
                    "comma-separated host variables a worker inherits, a trailing * matching a prefix; default PATH,HOME,USER,LANG,LC_*,TZ,TMPDIR,JAVA_HOME,CUDA_*.")
    String cordon_worker_env_allow();

    /** {@code cordon.worker.env.inherit}: true passes the host's whole environment to every worker; default false. */
    @AttributeDefinition(
            required = false,
            description = "true passes the host's whole environment to every worker; default false.")
    String cordon_worker_env_inherit();

    /** {@code cordon.worker.jvm.args}: space-separated default JVM options of Java workers (a manifest's jvm_args come after them). */
    @AttributeDefinition(
            required = false,
            description =
                    "space-separated default JVM options of Java workers (a manifest's jvm_args come after them).")
    String cordon_worker_jvm_args();

    /** {@code cordon.worker.log.max.bytes}: a worker log larger than this is rotated to .1 at spawn; default 10 MiB. */
    @AttributeDefinition(
            required = false,
            description = "a worker log larger than this is rotated to .1 at spawn; default 10 MiB.")
    String cordon_worker_log_max_bytes();

    /** {@code cordon.worker.traceback}: full (default), repr_only or none. */
    @AttributeDefinition(required = false, description = "full (default), repr_only or none.")
    String cordon_worker_traceback();

    /** {@code cordon.worker.max.body.bytes}: the workers' request body limit; default 64 MiB. */
    @AttributeDefinition(required = false, description = "the workers' request body limit; default 64 MiB.")
    String cordon_worker_max_body_bytes();

    /** {@code cordon.worker.stop.grace.ms}: how long /cleanup and SIGTERM each get before SIGKILL; default 2000. */
    @AttributeDefinition(
            required = false,
            description = "how long /cleanup and SIGTERM each get before SIGKILL; default 2000.")
    String cordon_worker_stop_grace_ms();

    /** {@code cordon.worker.java}: the java executable of Java workers (a manifest's java_path wins); default the host's JVM. */
    @AttributeDefinition(
            required = false,
            description = "the java executable of Java workers (a manifest's java_path wins); JDK 25 and later start"
                    + " workers from an AOT cache per plugin; default the host's JVM.")
    String cordon_worker_java();

    /** {@code cordon.worker.cds.dir}: where start-up archives (AOT caches, class-data archives) are kept, none for off; default &lt;data&gt;/cds. */
    @AttributeDefinition(
            required = false,
            description =
                    "where start-up archives (AOT caches, class-data archives) are kept, none for off; default <data>/cds.")
    String cordon_worker_cds_dir();

    /** {@code cordon.worker.spares}: workers kept started ahead of need per launched plugin, 0 to 16; default 0. */
    @AttributeDefinition(
            required = false,
            description = "workers kept started ahead of need per launched plugin, 0 to 16; default 0.")
    String cordon_worker_spares();

    /** {@code cordon.worker.spares.check.ms}: how often stale spares are stopped; default 10000. */
    @AttributeDefinition(required = false, description = "how often stale spares are stopped; default 10000.")
    String cordon_worker_spares_check_ms();

    /** {@code cordon.worker.plugin.data.dir}: the folder of each plugin's own data folder; default <data>/plugin-data. */
    @AttributeDefinition(
            required = false,
            description = "the folder holding each plugin's own data folder (CORDON_PLUGIN_DATA_DIR);"
                    + " default <data>/plugin-data; none turns it off.")
    String cordon_worker_plugin_data_dir();

    /** {@code cordon.worker.models.dir}: the models folder plugins share; default <data>/models. */
    @AttributeDefinition(
            required = false,
            description = "the models folder plugins share (CORDON_MODELS_DIR); default <data>/models; none turns it"
                    + " off.")
    String cordon_worker_models_dir();
}
