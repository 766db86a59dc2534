package dev.cordon.boot.internal.launch;

import dev.cordon.boot.CordonHome;
import dev.cordon.boot.CordonRuntime;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code bin/cordon} entry point.
 *
 * <pre>
 * cordon [--home DIR] [--data DIR]                 boot and open the interactive Gogo shell
 * cordon [--home DIR] shell -c CMD [-c CMD]... [--wait S]
 *                                                  boot, run the commands, print results, exit
 * cordon [--home DIR] serve                        run headless until SIGTERM or SIGINT
 * </pre>
 *
 * Exit status: 0 on success, 1 when a command failed, 2 on bad usage, 3 when Cordon could not start.
 */
public final class Main {

    static final String USAGE = """
            Usage: cordon [--home DIR] [--data DIR] [shell [-c COMMAND]... [--wait SECONDS] | serve | help]
              (no command)   boot Cordon and open the interactive Gogo shell
              shell -c CMD   boot, run each Gogo command line in order, print the results and exit;
                             exits 1 at the first command that fails
              --wait S       how long 'shell -c' retries a command that is not registered yet (default 30)
              serve          run headless until SIGTERM or SIGINT, then stop cleanly
              --home DIR     the Cordon home (default: $CORDON_HOME, else the distribution folder)
              --data DIR     the data folder (default: $CORDON_DATA, else <home>/data)
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cordon: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        if (options.mode == Mode.HELP) {
            System.out.print(USAGE);
            return 0;
        }
        CordonHome home = options.home();
        configureLogging(home);
        CordonRuntime runtime;
        try {
            runtime = CordonRuntime.builder()
                    .home(home.home())
                    .dataDir(home.data())
                    .interactiveShell(options.mode == Mode.INTERACTIVE)
                    // This JVM is Cordon's own, so the framework may install its URL handlers; the shell's
                    // profile script is read through a bundle: URL.
                    .property("felix.service.urlhandlers", "true")
                    .start();
        } catch (RuntimeException e) {
            System.err.println("cordon: " + e.getMessage());
            return 3;
        }
        return switch (options.mode) {
            case COMMANDS -> runCommands(runtime, options);
            case SERVE -> serve(runtime);
            case INTERACTIVE -> untilStopped(runtime);
            case HELP -> 0;
        };
    }

    private static int runCommands(CordonRuntime runtime, Options options) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        long deadline = System.nanoTime() + options.wait.toNanos();
        try (GogoSession session = GogoSession.open(runtime.bundleContext(), new FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err), options.wait)) {
            for (String command : options.commands) {
                session.run(command, deadline);
            }
            return 0;
        } catch (GogoSession.CommandFailedException e) {
            err.println("cordon: " + e.getMessage());
            return 1;
        } catch (IllegalStateException e) {
            err.println("cordon: " + e.getMessage());
            return 1;
        } finally {
            runtime.close();
        }
    }

    private static int serve(CordonRuntime runtime) {
        SignalStop.install(runtime);
        return untilStopped(runtime);
    }

    private static int untilStopped(CordonRuntime runtime) {
        Thread hook = new Thread(runtime::close, "cordon-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!runtime.awaitStop(Duration.ofHours(1))) {
                // keep waiting: a server runs until it is told to stop
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runtime.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or ran: the framework is stopped either way.
        }
        runtime.close(); // already stopped: this only waits for the stop to be complete and logged
        return 0;
    }

    /** Points Logback at {@code etc/logback.xml} and tells it where the data folder is, before any logger. */
    private static void configureLogging(CordonHome home) {
        System.setProperty("cordon.data", home.data().toString());
        System.setProperty("cordon.home", home.home().toString());
        Path config = home.etc().resolve("logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(config)) {
            System.setProperty("logback.configurationFile", config.toString());
        }
    }

    enum Mode { INTERACTIVE, COMMANDS, SERVE, HELP }

    /** The parsed command line. */
    static final class Options {
        Mode mode = Mode.INTERACTIVE;
        String homeArg;
        String dataArg;
        Duration wait = Duration.ofSeconds(30);
        final List<String> commands = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--home" -> o.homeArg = value(args, ++i, a);
                    case "--data" -> o.dataArg = value(args, ++i, a);
                    case "--wait" -> o.wait = seconds(value(args, ++i, a));
                    case "-c" -> o.commands.add(value(args, ++i, a));
                    case "shell" -> o.mode = Mode.INTERACTIVE;
                    case "serve" -> o.mode = Mode.SERVE;
                    case "help", "--help", "-h" -> o.mode = Mode.HELP;
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            if (!o.commands.isEmpty()) {
                if (o.mode == Mode.SERVE) {
                    throw new IllegalArgumentException("-c belongs to 'shell', not 'serve'");
                }
                if (o.mode == Mode.INTERACTIVE) {
                    o.mode = Mode.COMMANDS;
                }
            }
            return o;
        }

        CordonHome home() {
            String h = firstOf(homeArg, System.getenv("CORDON_HOME"), System.getProperty("cordon.home"), ".");
            CordonHome layout = CordonHome.standard(Path.of(h));
            String d = firstOf(dataArg, System.getenv("CORDON_DATA"), null, null);
            return d == null ? layout : layout.withData(Path.of(d));
        }

        private static String firstOf(String a, String b, String c, String fallback) {
            for (String s : new String[] {a, b, c}) {
                if (s != null && !s.isBlank()) {
                    return s;
                }
            }
            return fallback;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static Duration seconds(String s) {
            try {
                return Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--wait takes seconds, got '" + s + "'");
            }
        }
    }
}
