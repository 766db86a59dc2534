package dev.cordon.spring.internal;

import dev.cordon.boot.CordonRuntime;
import dev.cordon.spring.CordonProperties;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** Builds and starts a runtime from the application's {@code cordon.*} settings. */
public final class RuntimeFactory {

    /** The starter's own keys below {@code cordon.}; they are not framework properties. */
    private static final Set<String> OWN = Set.of("enabled", "home", "data", "bundles", "start-timeout");

    private RuntimeFactory() {}

    /**
     * Starts the runtime.
     *
     * @throws IllegalStateException when {@code cordon.home} is not set, or Cordon cannot start (the message says why)
     */
    public static CordonRuntime start(CordonProperties properties, Environment environment) {
        if (properties.getHome() == null) {
            throw new IllegalStateException("cordon.home is not set: add cordon.home=/path/to/cordon to"
                    + " application.properties (the Cordon home whose bundles/ folder is installed), or set"
                    + " cordon.enabled=false");
        }
        CordonRuntime.Builder builder = CordonRuntime.builder().home(properties.getHome());
        if (properties.getData() != null) {
            builder.dataDir(properties.getData());
        }
        if (properties.getBundles() != null) {
            builder.bundlesDir(properties.getBundles());
        }
        frameworkProperties(environment).forEach(builder::property);
        properties.getFramework().forEach(builder::property);
        return builder.start();
    }

    /** Every {@code cordon.*} key but the starter's own, with its full name. */
    static Map<String, String> frameworkProperties(Environment environment) {
        Map<String, String> all = Binder.get(environment)
                .bind("cordon", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        Map<String, String> out = new java.util.TreeMap<>();
        all.forEach((key, value) -> {
            if (!OWN.contains(key) && !key.startsWith("bindings") && !key.startsWith("framework")) {
                out.put("cordon." + key, value);
            }
        });
        return out;
    }
}
