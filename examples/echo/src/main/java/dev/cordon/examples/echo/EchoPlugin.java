package dev.cordon.examples.echo;

import dev.cordon.api.plugin.Invocation;
import dev.cordon.api.plugin.Plugin;
import dev.cordon.api.plugin.ThreadSafe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Returns its arguments as {@code {"args": [...], "kwargs": {...}}}, each string positional argument tagged with
 * the configured {@code prefix}: the Java twin of {@code examples/py-echo}. With the keyword argument
 * {@code log} it first writes that text through java.util.logging. Stateless, so it declares itself thread-safe.
 */
@ThreadSafe
public final class EchoPlugin implements Plugin<EchoPlugin.Config> {

    /** Echo's config: the prefix put before each string positional argument. */
    public record Config(String prefix) {
        /** The defaults. */
        public static Config defaults() {
            return new Config("");
        }
    }

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
            // Looked up here, not in a static field: starting java.util.logging costs a worker's start-up time.
            Logger.getLogger(EchoPlugin.class.getPackageName()).info(log);
        }
        String prefix = config.prefix() == null ? "" : config.prefix();
        List<Object> args = invocation.args().stream()
                .map(a -> a instanceof String s && !prefix.isEmpty() ? prefix + s : a)
                .toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("args", args);
        result.put("kwargs", invocation.kwargs());
        return result;
    }
}
