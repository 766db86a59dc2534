package dev.cordon.boot.internal.launch;

import dev.cordon.boot.CordonHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The parsed command line of {@code bin/cordon}. */
final class Options {

    /** What the command line asks for. */
    enum Mode {
        INTERACTIVE,
        COMMANDS,
        SERVE,
        HELP
    }

    Mode mode = Mode.INTERACTIVE;
    String homeArg;
    String dataArg;
    Duration wait = Duration.ofSeconds(30);
    final List<String> commands = new ArrayList<>();

    /**
     * Whether {@code word} is one of the launcher's own words ({@code shell}, {@code serve}, {@code help}) or an
     * option: no {@link dev.cordon.boot.LauncherCommands} provider may claim it.
     */
    static boolean isOwnWord(String word) {
        return word.startsWith("-") || word.equals("shell") || word.equals("serve") || word.equals("help");
    }

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
