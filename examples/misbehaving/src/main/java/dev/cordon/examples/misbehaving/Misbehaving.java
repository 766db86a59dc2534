package dev.cordon.examples.misbehaving;

import dev.cordon.api.plugin.Plugin;

/** What the misbehaving plugins share: no settings, a name, a version. */
abstract class Misbehaving implements Plugin<Misbehaving.Config> {

    /** No settings. */
    public record Config() {}

    private final String name;

    Misbehaving(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
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
    public void initialize(Config config) {}

    @Override
    public Config currentConfig() {
        return new Config();
    }

    /** Sends {@code signal} to this very process; the JVM cannot intercept SIGKILL, and SIGSEGV is sent by Unsafe. */
    static void signalSelf(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid()))
                .inheritIO().start();
        kill.waitFor();
    }
}
