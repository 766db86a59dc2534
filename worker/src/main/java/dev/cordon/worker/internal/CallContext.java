package dev.cordon.worker.internal;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.plugin.PluginContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** One call's {@link PluginContext}: a cancellation flag with callbacks, and progress and usage reported upward. */
final class CallContext implements PluginContext {

    private final String pluginName;
    private final BiConsumer<Double, String> progress;
    private final Consumer<Map<String, Double>> usage;
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    private volatile Map<String, Double> reported;

    CallContext(String pluginName, BiConsumer<Double, String> progress, Consumer<Map<String, Double>> usage) {
        this.pluginName = pluginName;
        this.progress = progress;
        this.usage = usage;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void checkCancelled() {
        if (cancelled) {
            throw new PluginCancelledError(pluginName);
        }
    }

    @Override
    public Registration onCancel(Runnable callback) {
        callbacks.add(callback);
        if (cancelled && callbacks.remove(callback)) {
            run(callback);
        }
        return () -> callbacks.remove(callback);
    }

    /** Sets the flag and runs each registered callback once, in registration order. */
    void cancel() {
        cancelled = true;
        for (Runnable callback : callbacks) {
            if (callbacks.remove(callback)) {
                run(callback);
            }
        }
    }

    private static void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            WorkerLog.error("a cancellation callback failed; skipping it", e);
        }
    }

    @Override
    public void reportProgress(double value, String message) {
        progress.accept(value, message == null ? "" : message);
    }

    @Override
    public void reportUsage(Map<String, Double> measured) {
        Map<String, Double> copy = measured == null ? null : Map.copyOf(measured);
        reported = copy;
        usage.accept(copy);
    }

    /** What the plugin last reported during this call, or {@code null} when it reported nothing. */
    Map<String, Double> reported() {
        return reported;
    }
}
