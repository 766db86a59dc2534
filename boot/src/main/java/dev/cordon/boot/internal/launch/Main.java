package dev.cordon.boot.internal.launch;

import dev.cordon.api.host.PluginManager;
import dev.cordon.boot.CordonHome;
import dev.cordon.boot.CordonRuntime;
import dev.cordon.boot.internal.control.ControlClient;
import dev.cordon.boot.internal.control.ControlServer;
import dev.cordon.boot.internal.framework.Version;
import dev.cordon.boot.internal.launch.Options.Mode;
import dev.cordon.boot.internal.logging.BuiltInLogging;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jline.terminal.Terminal;
import org.slf4j.LoggerFactory;

/**
 * The {@code bin/cordon} entry point.
 *
 * <pre>
 * cordon [--home DIR] [--data DIR]                 attach to the running runtime, else boot; interactive shell
 * cordon [--home DIR] shell -c CMD [-c CMD]... [--wait S]
 *                                                  run the commands (attached or in a runtime of its own), exit
 * cordon [--home DIR] serve                        run headless until SIGTERM or SIGINT
 * cordon [--home DIR] install|list|remove|...      a {@link dev.cordon.boot.LauncherCommands} subcommand, no runtime
 * </pre>
 *
 * Exit status: 0 on success, 1 when a command failed, 2 on bad usage, 3 when Cordon could not start.
 */
public final class Main {

    /** The console's history, in the data folder. */
    static final String HISTORY_FILE = "console.history";

    static final String USAGE = """
            Usage: cordon [--home DIR] [--data DIR] [shell [-c COMMAND]... [--wait SECONDS] | serve | help]
              (no command)   open an interactive shell: attached to the runtime that owns the data folder,
                             else the console of a runtime of its own (help, Tab completion, history; exit)
              shell -c CMD   run each Gogo command line in order (statements split on ';' or newlines),
                             print every result and exit; exits 1 at the first command that fails
              --wait S       how long 'shell -c' retries a command while bundles are still starting (default 30)
              serve          run headless until SIGTERM or SIGINT, then stop cleanly
              --home DIR     the Cordon home (default: $CORDON_HOME, else the distribution folder)
              --data DIR     the data folder (default: $CORDON_DATA, else <home>/data)
            """;

    static final int FAILED = 1;
    static final int USAGE_ERROR = 2;
    static final int NOT_STARTED = 3;
    private static final Duration SHELL_WAIT = Duration.ofSeconds(30);

    private Main() {}

    public static void main(String[] args) {
        HostAotCache.dropIfUnused(System.err);
        System.exit(run(args));
    }

    static int run(String[] args) {
        Options options;
        try {
            Optional<Subcommand> subcommand = Subcommand.find(args);
            if (subcommand.isPresent()) {
                return subcommand.get().run();
            }
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cordon: " + e.getMessage());
            System.err.print(USAGE);
            System.err.print(Subcommand.usage());
            return USAGE_ERROR;
        }
        if (options.mode == Mode.HELP) {
            System.out.print(USAGE);
            System.out.print(Subcommand.usage());
            return 0;
        }
        CordonHome home = options.home();
        // Before any class that logs is loaded: Logback reads its configuration once, at the first logger.
        configureLogging(home);
        if (options.mode != Mode.SERVE) {
            Optional<ControlClient> attached = ControlClient.connect(home.data());
            if (attached.isPresent()) {
                return AttachedShell.run(attached.get(), home, options);
            }
        }
        SqliteNative.prepare(home);
        // Installed before the start, so a signal that arrives while bundles start still stops cleanly.
        SignalStop signals = SignalStop.install(options.mode == Mode.SERVE);
        CordonRuntime runtime;
        try {
            runtime = CordonRuntime.builder()
                    .home(home.home())
                    .dataDir(home.data())
                    // The launcher's own console (JLine) reads the terminal; Gogo's plain console stays off.
                    .interactiveShell(false)
                    // This JVM is Cordon's own, so the framework may install its URL handlers; the shell's
                    // profile script is read through a bundle: URL.
                    .property("felix.service.urlhandlers", "true")
                    .start();
        } catch (RuntimeException e) {
            System.err.println("cordon: " + e.getMessage());
            return NOT_STARTED;
        }
        if (signals.started(runtime)) {
            // Stopping is what serve and the shell were asked for; commands that never ran did not succeed.
            return options.mode == Mode.COMMANDS ? FAILED : 0;
        }
        return switch (options.mode) {
            case COMMANDS -> runCommands(runtime, options);
            case SERVE -> untilStopped(runtime, options);
            case INTERACTIVE -> console(runtime, home);
            case HELP -> 0;
        };
    }

    private static int runCommands(CordonRuntime runtime, Options options) {
        GogoCommands commands = new GogoCommands(runtime.bundleContext(), options.wait);
        // System.console() exists only when input and output are both a terminal: a file or pipe gets plain lines.
        try (var session = commands.open(
                new FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err),
                System.console() != null)) {
            return session.run(options.commands, options.wait);
        } finally {
            runtime.close();
        }
    }

    /** Whether the failed command line asked for JSON: then the failure is printed as JSON on stdout. */
    static boolean wantsJson(String commandLine) {
        return commandLine != null
                && java.util.List.of(commandLine.strip().split("\\s+")).contains("--json");
    }

    /** The console on this process's terminal, owning the data folder's control socket meanwhile. */
    private static int console(CordonRuntime runtime, CordonHome home) {
        ControlServer control = openControl(runtime);
        Thread hook = new Thread(() -> stop(control, runtime), "cordon-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Terminal terminal = Console.systemTerminal();
                GogoSession session = GogoSession.open(
                        runtime.bundleContext(),
                        terminal.input(),
                        terminal.output(),
                        terminal.output(),
                        Console.interactive(terminal),
                        SHELL_WAIT)) {
            new Console(
                            terminal,
                            session,
                            () -> pluginIds(runtime),
                            home.data().resolve(HISTORY_FILE),
                            runtime::isRunning)
                    .run(banner(home));
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("cordon: the console failed: " + e.getMessage());
            return FAILED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or ran: the framework is stopped either way.
            }
            stop(control, runtime);
        }
    }

    private static String banner(CordonHome home) {
        return "Cordon " + Version.CURRENT + ": plugins in their own processes. Home " + home.home() + "\n"
                + "Type 'help' for Cordon's commands, Tab to complete, Ctrl-C to interrupt a command,"
                + " 'exit' to leave.";
    }

    /** Discovered plugin names and loaded instance ids, for completion; none while the manager is not up. */
    private static Collection<String> pluginIds(CordonRuntime runtime) {
        Set<String> ids = new TreeSet<>();
        runtime.findService(PluginManager.class).ifPresent(manager -> {
            manager.discovered().forEach(meta -> ids.add(meta.name()));
            manager.instances().forEach(instance -> ids.add(instance.instanceId()));
        });
        return ids;
    }

    /** Runs until the framework stops, owning the data folder's control socket meanwhile. */
    private static int untilStopped(CordonRuntime runtime, Options options) {
        ControlServer control = openControl(runtime);
        if (options.mode == Mode.SERVE) {
            readyLine(runtime.home(), control);
        }
        Thread hook = new Thread(() -> stop(control, runtime), "cordon-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!runtime.awaitStop(Duration.ofHours(1))) {
                // keep waiting: a server runs until it is told to stop
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or ran: the framework is stopped either way.
        }
        stop(control, runtime); // already stopped: this only waits for the stop to be complete and logged
        return 0;
    }

    private static void stop(ControlServer control, CordonRuntime runtime) {
        if (control != null) {
            control.close();
        }
        runtime.close();
    }

    private static ControlServer openControl(CordonRuntime runtime) {
        try {
            return ControlServer.start(runtime.home().data(), new GogoCommands(runtime.bundleContext(), SHELL_WAIT));
        } catch (IOException e) {
            LoggerFactory.getLogger(Main.class)
                    .warn("{}; 'bin/cordon shell' cannot attach to this runtime", e.getMessage());
            return null;
        }
    }

    /** The one line {@code serve} prints once it is ready: where, who, and how to reach it. */
    private static void readyLine(CordonHome home, ControlServer control) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        String data = home.data().equals(CordonHome.standard(home.home()).data()) ? "" : " --data " + home.data();
        String attach = control == null
                ? "no control socket (see data/logs/cordon.log)"
                : "attach with: " + home.home().resolve("bin/cordon") + " --home " + home.home() + data + " shell";
        out.println("Cordon ready: home " + home.home() + ", data " + home.data() + ", pid "
                + ProcessHandle.current().pid() + "; " + attach);
    }

    /**
     * Points Logback at {@code etc/logback.xml} — or, while that file is the shipped one, at the same configuration
     * built in code ({@link BuiltInLogging}) — and tells it where the data folder is, before any logger.
     */
    static void configureLogging(CordonHome home) {
        System.setProperty("cordon.data", home.data().toString());
        System.setProperty("cordon.home", home.home().toString());
        Path config = home.etc().resolve("logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(config)) {
            if (BuiltInLogging.isShipped(config)) {
                System.setProperty(BuiltInLogging.PROPERTY, "true");
            } else {
                System.setProperty("logback.configurationFile", config.toString());
            }
        }
    }
}
