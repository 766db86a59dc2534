package dev.cordon.worker.internal;

import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.plugin.ConfigOption;
import dev.cordon.api.plugin.FieldOptions;
import dev.cordon.api.plugin.Invocation;
import dev.cordon.api.plugin.Plugin;
import dev.cordon.api.plugin.ThreadSafe;
import dev.cordon.manifest.config.ConfigRecords;
import dev.cordon.manifest.config.ConfigSchemas;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.StatusWord;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drives one plugin instance for the protocol endpoints, independent of HTTP: each method takes the parsed request
 * body and returns the plain JSON answer. A plugin failure is thrown as {@link PluginFailure}, a refused request as
 * {@link ProtocolException}.
 *
 * <p>Calls that touch the plugin hold one lock, so they run one at a time, unless the plugin class carries
 * {@link ThreadSafe}; then only lifecycle calls (initialize, reconfigure, cleanup, enable/disable) take it.
 * {@code /cancel}, {@code /progress}, {@code /health} and {@code /stats} never wait for a running call.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class PluginRunner {

    /** The Java counterparts of the original's MonitorPlugin methods, looked up by name on the plugin class. */
    private static final Map<Endpoint, String> MONITOR_METHODS =
            Map.of(Endpoint.GET_SYSTEM_STATUS, "getSystemStatus", Endpoint.LIST_PROCESSES, "listProcesses");

    /** How a failure to send an {@code /execute} answer names what the plugin did. */
    private static final String ANSWERED = "answered " + Endpoint.EXECUTE.path() + " with";

    private final Plugin plugin;
    private final String name;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final boolean threadSafe;
    private final Set<CallContext> running = ConcurrentHashMap.newKeySet();
    private final ProcessTree tree = new ProcessTree();
    private volatile Object[] progress = {0.0, ""};
    private volatile Map<String, Double> lastUsage;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();

    PluginRunner(Plugin<?> plugin) {
        this.plugin = plugin;
        this.name = plugin.name();
        this.threadSafe = plugin.getClass().isAnnotationPresent(ThreadSafe.class);
    }

    String name() {
        return name;
    }

    Map<String, Object> health() {
        Map<String, Object> body = StatusWord.RUNNING.answer();
        body.put("pid", ProcessHandle.current().pid());
        body.put("name", name);
        body.put("version", plugin.version());
        body.put("protocol", 1L);
        return body;
    }

    Map<String, Object> stats() {
        ProcessTree.Sample sample = tree.sample();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pid", ProcessHandle.current().pid());
        body.put("cpu_percent", sample.cpuPercent());
        body.put("memory_rss_mb", sample.rssMb());
        body.put("usage", lastUsage == null ? null : new LinkedHashMap<>(lastUsage));
        body.put("subtree_pids", sample.pids());
        return body;
    }

    /** What the plugin reported with report_usage during the last call, without measuring the process tree. */
    Map<String, Object> usage() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("usage", lastUsage == null ? null : new LinkedHashMap<>(lastUsage));
        return body;
    }

    Map<String, Object> initialize(Object body) {
        Map<String, Object> config =
                body == null ? Map.of() : object(body, "/initialize expects the config as a JSON object");
        lifecycle(() -> {
            plugin.initialize(ConfigRecords.toRecord(config, plugin.configType()));
            cleanedUp.set(false);
        });
        return StatusWord.OK.answer();
    }

    Map<String, Object> prefetch() {
        call(() -> {
            plugin.prefetch();
            return null;
        });
        return StatusWord.PREFETCHED.answer();
    }

    Map<String, Object> reconfigure(Object body) {
        String usage = "/reconfigure expects {\"old_config\": {...} or null, \"new_config\": {...} or null}";
        Map<String, Object> change = object(body, usage);
        Object oldConfig = change.get("old_config");
        Object newConfig = change.get("new_config");
        lifecycle(() -> plugin.reconfigure(record(oldConfig, usage), record(newConfig, usage)));
        return StatusWord.RECONFIGURED.answer();
    }

    Object configSchema() {
        return call(() -> plugin.configSchema().orElseGet(() -> ConfigSchemas.derive(plugin.configType())));
    }

    Object config() {
        return call(() -> {
            Record current = plugin.currentConfig();
            return current == null ? Map.of() : ConfigRecords.toMap(current);
        });
    }

    Object configOptions() {
        return call(() -> {
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, FieldOptions> options = plugin.configOptions();
            options.forEach((field, o) -> {
                List<Object> list = new ArrayList<>();
                for (ConfigOption option : o.options()) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("value", ConfigRecords.toJson(option.value()));
                    item.put("label", option.label());
                    item.put("metadata", ConfigRecords.toJson(option.metadata()));
                    list.add(item);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("options", list);
                entry.put("constraints", ConfigRecords.toJson(o.constraints()));
                out.put(field, entry);
            });
            return out;
        });
    }

    /** The positional and keyword arguments of one call. */
    record CallArgs(List<Object> args, Map<String, Object> kwargs) {}

    /**
     * Reads {@code {"args": [...], "kwargs": {...}}} (both optional) from a request body.
     *
     * @throws ProtocolException (400) naming what is wrong
     */
    static CallArgs callArgs(Object body, String path) {
        Map<String, Object> request = body == null
                ? Map.of()
                : object(body, path + " expects a JSON object {\"args\": [...], \"kwargs\": {...}}");
        Object args = request.get("args");
        Object kwargs = request.get("kwargs");
        if ((args != null && !(args instanceof List)) || (kwargs != null && !(kwargs instanceof Map))) {
            throw new ProtocolException(400, path + ": \"args\" must be a JSON array and \"kwargs\" a JSON object");
        }
        return new CallArgs((List<Object>) args, (Map<String, Object>) kwargs);
    }

    /**
     * What one call produced: its result as JSON text ({@code null} for a stream) and what the plugin reported with
     * {@code reportUsage} during it, or {@code null} when it reported nothing.
     */
    record Outcome(String text, Map<String, Double> usage) {}

    /** Runs {@code execute}. */
    Outcome execute(CallArgs call) {
        return invoke(call, false, null);
    }

    /** Runs {@code executeStream}, handing each chunk to {@code sink} as one line of JSON text. */
    Outcome executeStream(CallArgs call, StreamSink sink) {
        return invoke(call, true, sink);
    }

    private Outcome invoke(CallArgs call, boolean stream, StreamSink sink) {
        return (Outcome) call(
                () -> {
                    progress = new Object[] {0.0, ""};
                    lastUsage = null;
                    CallContext context = new CallContext(
                            name,
                            (value, message) -> progress = new Object[] {value, message},
                            measured -> lastUsage = measured);
                    running.add(context);
                    try {
                        Invocation invocation = new Invocation(call.args(), call.kwargs(), context);
                        if (stream) {
                            plugin.executeStream(
                                    invocation, chunk -> sink.emitLine(text(chunk, "streamed", "streamed")));
                            return new Outcome(null, context.reported());
                        }
                        String text = text(plugin.execute(invocation), "returned", ANSWERED);
                        return new Outcome(text, context.reported());
                    } finally {
                        running.remove(context);
                    }
                },
                !threadSafe);
    }

    Map<String, Object> cancel() {
        running.forEach(CallContext::cancel);
        return StatusWord.CANCELLED.answer();
    }

    Map<String, Object> progress() {
        Object[] now = progress;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("progress", now[0]);
        body.put("message", now[1]);
        return body;
    }

    Map<String, Object> onEnable() {
        return hook(true);
    }

    Map<String, Object> onDisable() {
        return hook(false);
    }

    private Map<String, Object> hook(boolean enable) {
        try {
            lifecycle(() -> {
                if (enable) {
                    plugin.onEnable();
                } else {
                    plugin.onDisable();
                }
            });
            return (enable ? StatusWord.ENABLED : StatusWord.DISABLED).answer();
        } catch (PluginFailure failure) {
            WorkerLog.warn(
                    (enable ? "onEnable" : "onDisable") + "() of plugin '" + name + "' raised " + failure.getCause());
            Map<String, Object> body = StatusWord.ERROR.answer();
            body.put("detail", String.valueOf(failure.getCause().getMessage()));
            return body;
        }
    }

    /**
     * {@code /get_system_status} and {@code /list_processes}: a public no-argument method of the plugin class; 404
     * when the class has none, 501 when it throws {@link UnsupportedOperationException}.
     */
    Object monitor(Endpoint endpoint) {
        String methodName = MONITOR_METHODS.get(endpoint);
        Method method;
        try {
            method = plugin.getClass().getMethod(methodName);
        } catch (NoSuchMethodException e) {
            throw new ProtocolException(
                    404, "Plugin '" + name + "' is not a MonitorPlugin (no " + methodName + " method).");
        }
        try {
            return call(() -> {
                try {
                    return json(method.invoke(plugin), "returned");
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            });
        } catch (PluginFailure failure) {
            // Java's counterpart of the original's NotImplementedError, which it answers with 501.
            if (failure.getCause() instanceof UnsupportedOperationException unsupported) {
                throw new ProtocolException(
                        501,
                        unsupported.getMessage() != null
                                ? unsupported.getMessage()
                                : methodName + "() of plugin '" + name + "' declined: UnsupportedOperationException");
            }
            throw failure;
        }
    }

    Map<String, Object> cleanup() {
        lifecycle(this::cleanupOnce);
        return StatusWord.CLEANED.answer();
    }

    /** Cancels every running call; they end as their plugin code notices. */
    void cancelAll() {
        running.forEach(CallContext::cancel);
    }

    /**
     * The stop's cleanup: runs {@code cleanup()} unless {@code /cleanup} already did, after waiting up to
     * {@code graceMillis} for a call that still runs; a failure is logged, never thrown.
     */
    void cleanupAtStop(long graceMillis) {
        boolean locked = false;
        try {
            locked = lifecycle.tryLock(graceMillis, TimeUnit.MILLISECONDS);
            if (!locked) {
                WorkerLog.warn("a call was still running after " + graceMillis + " ms; cleaning up anyway");
            }
            cleanupOnce();
        } catch (Exception e) {
            WorkerLog.error("cleanup() of plugin '" + name + "' failed", e);
        } finally {
            if (locked) {
                lifecycle.unlock();
            }
        }
    }

    /** {@code cleanup()}, unless it ran since the last {@code /initialize}; called under the lifecycle lock. */
    private void cleanupOnce() throws Exception {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        plugin.cleanup();
        WorkerLog.info("cleanup() of plugin '" + name + "' ran");
    }

    private Record record(Object config, String usage) {
        return config == null ? null : ConfigRecords.toRecord(object(config, usage), plugin.configType());
    }

    /**
     * The plugin's answer or chunk as JSON text, written while the call still holds the plugin (the value may share
     * the plugin's maps). A value that is plain JSON already is written as it is; any other (a record, an enum, a
     * value with no JSON form) is converted first, which also names what cannot be converted.
     */
    private String text(Object value, String verb, String sendVerb) {
        try {
            return PlainJson.compactUnicode(value);
        } catch (JsonInputException notPlain) {
            Object plain = json(value, verb);
            try {
                return PlainJson.compactUnicode(plain);
            } catch (JsonInputException e) {
                throw new PluginFatalError(
                        "plugin '" + name + "' " + sendVerb + " a value that cannot be sent: " + e.getMessage());
            }
        }
    }

    /** The plugin's answer or chunk as plain JSON. */
    private Object json(Object value, String verb) {
        try {
            return ConfigRecords.asJson(value);
        } catch (IllegalArgumentException e) {
            throw new PluginFatalError(
                    "plugin '" + name + "' " + verb + " a value that is not JSON: " + e.getMessage());
        }
    }

    private interface PluginCall {
        Object run() throws Exception;
    }

    private interface PluginAction {
        void run() throws Exception;
    }

    private void lifecycle(PluginAction action) {
        call(
                () -> {
                    action.run();
                    return null;
                },
                true);
    }

    private Object call(PluginCall call) {
        return call(call, !threadSafe);
    }

    private Object call(PluginCall call, boolean exclusive) {
        if (exclusive) {
            lifecycle.lock();
        }
        try {
            return call.run();
        } catch (ProtocolException e) {
            throw e;
        } catch (Throwable e) {
            throw new PluginFailure(e);
        } finally {
            if (exclusive) {
                lifecycle.unlock();
            }
        }
    }

    private static Map<String, Object> object(Object body, String usage) {
        if (body instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new ProtocolException(400, usage + ", got " + (body instanceof List ? "an array" : String.valueOf(body)));
    }
}
