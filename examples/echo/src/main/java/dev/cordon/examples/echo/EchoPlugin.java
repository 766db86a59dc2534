package dev.cordon.examples.echo;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.error.ResourceShortfall;
import dev.cordon.api.plugin.ChunkSink;
import dev.cordon.api.plugin.Invocation;
import dev.cordon.api.plugin.Plugin;
import dev.cordon.api.plugin.ThreadSafe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Returns its arguments as {@code {"args": [...], "kwargs": {...}}}. With the keyword argument {@code fail} set to
 * {@code user_input}, {@code transient}, {@code resource}, {@code fatal}, {@code cancelled} or {@code bug} it
 * fails with that kind of error instead (on a stream: after emitting the arguments), which is how the tests see
 * every error category cross the process boundary. With {@code log} it writes that text through
 * java.util.logging first. Stateless, so it declares itself thread-safe.
 */
@ThreadSafe
public final class EchoPlugin implements Plugin<EchoPlugin.Config> {

    /** Echo's config: a prefix put before nothing, only there to have a config. */
    public record Config(String prefix) {
        /** The defaults. */
        public static Config defaults() {
            return new Config("");
        }
    }

    private static final Logger LOG = Logger.getLogger(EchoPlugin.class.getPackageName());
    private volatile Config config = Config.defaults();

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public void initialize(Config config) {
        this.config = config;
    }

    @Override
    public Config currentConfig() {
        return config;
    }

    @Override
    public Object execute(Invocation invocation) {
        String log = invocation.kwarg("log", String.class, null);
        if (log != null) {
            LOG.info(log);
        }
        failIfAsked(invocation);
        return echo(invocation);
    }

    @Override
    public void executeStream(Invocation invocation, ChunkSink sink) {
        sink.emit(echo(invocation));
        failIfAsked(invocation);
    }

    private static Map<String, Object> echo(Invocation invocation) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("args", invocation.args());
        result.put("kwargs", invocation.kwargs());
        return result;
    }

    private void failIfAsked(Invocation invocation) {
        String fail = invocation.kwarg("fail", String.class, null);
        if (fail == null) {
            return;
        }
        switch (fail) {
            case "user_input" -> throw new PluginInputError("argument 'x' must be positive", List.of("x"), null);
            case "transient" -> throw new PluginTransientError("service busy, try later", 2.5, null);
            case "resource" -> throw new PluginResourceError("not enough GPU memory",
                    new ResourceShortfall("gpu_vram_mb", 8000, 2000), null);
            case "fatal" -> throw new PluginFatalError("model file is corrupt");
            case "cancelled" -> throw new PluginCancelledError(name());
            case "bug" -> throw new IllegalStateException("unexpected state");
            default -> throw new PluginInputError("unknown failure kind '" + fail + "'", List.of("fail"), null);
        }
    }
}
