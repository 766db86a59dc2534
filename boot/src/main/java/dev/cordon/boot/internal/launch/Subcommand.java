package dev.cordon.boot.internal.launch;

import dev.cordon.boot.LauncherCommands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A {@code bin/cordon} command line whose first word belongs to a {@link LauncherCommands} provider: the provider
 * runs it without the framework. The global options before the word ({@code --home}, {@code --data}) are applied
 * here, as for {@code shell} and {@code serve}.
 */
final class Subcommand {

    private final LauncherCommands provider;
    private final String[] rest;
    private final Options globals;

    private Subcommand(LauncherCommands provider, String[] rest, Options globals) {
        this.provider = provider;
        this.rest = rest;
        this.globals = globals;
    }

    /** The subcommand of {@code args}, or empty when the first word is none (or is the launcher's own). */
    static Optional<Subcommand> find(String[] args) {
        List<String> before = new ArrayList<>();
        int i = 0;
        while (i < args.length && (args[i].equals("--home") || args[i].equals("--data"))) {
            before.add(args[i]);
            if (i + 1 < args.length) {
                before.add(args[i + 1]);
            }
            i += 2;
        }
        if (i >= args.length) {
            return Optional.empty();
        }
        String word = args[i];
        // The launcher's own words need no provider: looking the providers up opens every jar on the class path,
        // which the AOT cache otherwise spares a 'shell' or 'serve' start.
        if (Options.isOwnWord(word)) {
            return Optional.empty();
        }
        for (LauncherCommands provider : providers()) {
            if (provider.names().contains(word)) {
                Options globals = Options.parse(before.toArray(String[]::new));
                return Optional.of(new Subcommand(provider, Arrays.copyOfRange(args, i, args.length), globals));
            }
        }
        return Optional.empty();
    }

    /** The help lines of every provider. */
    static String usage() {
        StringBuilder sb = new StringBuilder();
        providers().forEach(p -> sb.append(p.usage()));
        return sb.toString();
    }

    int run() {
        var home = globals.home();
        Main.configureLogging(home);
        return provider.run(rest, home);
    }

    private static List<LauncherCommands> providers() {
        List<LauncherCommands> found = new ArrayList<>();
        ServiceLoader.load(LauncherCommands.class, Subcommand.class.getClassLoader())
                .forEach(found::add);
        return found;
    }
}
