package dev.cordon.testkit.misbehaving;

/**
 * The named ways a test worker breaks, each available for the Java and the Python worker
 * ({@link MisbehavingWorkers} writes the manifests). A plugin-level misbehaviour is a plugin class that breaks its
 * worker from inside a call or its constructor; a worker-level one runs a well-behaved plugin in a worker process
 * that breaks the protocol around it (its "interpreter" is a wrapper script).
 */
public enum Misbehaviour {

    /** The worker exits with status 0 in the middle of a call, answering nothing. */
    EXIT_MID_CALL("ExitMidCall", false),
    /** The worker dies of SIGSEGV in the middle of a call (the JVM crashes, the Python process is signalled). */
    SEGFAULT("Segfault", false),
    /** The worker is SIGKILLed in the middle of a call, as by the kernel. */
    SIGKILL_MID_CALL("SigkillMidCall", false),
    /** The worker never sends its handshake line: the plugin's constructor does not return. */
    HANG_IN_STARTUP("HangInStartup", false),
    /**
     * The worker starts a child and a grandchild (each sleeping 300 s), writes their pids to the keyword argument
     * {@code pid_file}, then exits with status 1 in the middle of the call.
     */
    SPAWN_CHILDREN_AND_DIE("SpawnChildrenAndDie", false),
    /** The call answers after the keyword argument {@code seconds} (default 5), deaf to cancellation. */
    SLOW_ANSWER("SlowAnswer", false),
    /** The worker's first stdout line is garbage instead of the handshake (the real worker follows it). */
    GARBAGE_ON_STDOUT("Healthy", true),
    /**
     * The worker never reads its stdin: the pipe from the host stays open and unread (the worker itself is given
     * /dev/null), so neither EOF nor anything the host writes there reaches it.
     */
    NEVER_READ_STDIN("Healthy", true);

    private final String pluginClass;
    private final boolean workerLevel;

    Misbehaviour(String pluginClass, boolean workerLevel) {
        this.pluginClass = pluginClass;
        this.workerLevel = workerLevel;
    }

    /** The plugin's simple class name, the same in both languages. */
    public String pluginClass() {
        return pluginClass;
    }

    /** Whether the worker process misbehaves around a well-behaved plugin (rather than the plugin itself). */
    public boolean workerLevel() {
        return workerLevel;
    }

    /** The plugin name its manifest declares: {@code misbehaving-} and the constant in kebab case. */
    public String pluginName() {
        return "misbehaving-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
