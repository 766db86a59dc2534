package dev.cordon.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's own settings under {@code cordon.}; every other {@code cordon.*} key of the application's
 * environment (for example {@code cordon.plugins.paths} or {@code cordon.worker.lib}) is passed to the framework
 * as the framework property of the same name.
 */
@ConfigurationProperties(prefix = "cordon")
public class CordonProperties {

    /** Whether the starter starts a runtime at all; default true. */
    private boolean enabled = true;

    /** The Cordon home whose {@code bundles}, {@code etc} and {@code deploy} folders are used; required. */
    private Path home;

    /** Another data folder than {@code <home>/data}; one runtime per data folder. */
    private Path data;

    /** Another bundles folder than {@code <home>/bundles}. */
    private Path bundles;

    /** How long the application's start waits for the plugin manager; default 30 s. */
    private Duration startTimeout = Duration.ofSeconds(30);

    /** Instance ids (a plugin's name addresses its default instance) exposed as {@code PluginBinding} beans. */
    private List<String> bindings = new ArrayList<>();

    /** Framework properties outside the {@code cordon.} namespace, such as {@code felix.log.level}. */
    private Map<String, String> framework = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Path getHome() {
        return home;
    }

    public void setHome(Path home) {
        this.home = home;
    }

    public Path getData() {
        return data;
    }

    public void setData(Path data) {
        this.data = data;
    }

    public Path getBundles() {
        return bundles;
    }

    public void setBundles(Path bundles) {
        this.bundles = bundles;
    }

    public Duration getStartTimeout() {
        return startTimeout;
    }

    public void setStartTimeout(Duration startTimeout) {
        this.startTimeout = startTimeout;
    }

    public List<String> getBindings() {
        return bindings;
    }

    public void setBindings(List<String> bindings) {
        this.bindings = new ArrayList<>(bindings);
    }

    public Map<String, String> getFramework() {
        return framework;
    }

    public void setFramework(Map<String, String> framework) {
        this.framework = new LinkedHashMap<>(framework);
    }
}
