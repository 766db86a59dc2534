package dev.cordon.examples.misbehaving;

import dev.cordon.api.plugin.ConfiglessPlugin;

/** What the misbehaving plugins share: no settings, a name, a version. */
abstract class Misbehaving implements ConfiglessPlugin {

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

    /** Sends {@code signal} to this very process with {@code kill}; the JVM cannot intercept SIGKILL. */
    static void signalSelf(String signal) throws Exception {
        Process kill = new ProcessBuilder(
                        "kill",
                        "-" + signal,
                        Long.toString(ProcessHandle.current().pid()))
                .inheritIO()
                .start();
        kill.waitFor();
    }
}
