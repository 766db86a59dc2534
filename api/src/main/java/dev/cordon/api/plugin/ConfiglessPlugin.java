package dev.cordon.api.plugin;

/**
 * A {@link Plugin} that takes no configuration: its config is the empty {@link Config} record, its schema an
 * object without properties, and {@link #initialize} does nothing unless overridden. A plugin author implements
 * {@link #name()}, {@link #version()} and {@link #execute} only.
 */
public interface ConfiglessPlugin extends Plugin<ConfiglessPlugin.Config> {

    /** The empty config: no settings, so every config but {@code {}} is rejected before the worker starts. */
    record Config() {}

    @Override
    default Class<Config> configType() {
        return Config.class;
    }

    /** Nothing to set up by default. */
    @Override
    default void initialize(Config config) throws Exception {}

    @Override
    default Config currentConfig() {
        return new Config();
    }
}
