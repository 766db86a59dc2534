package dev.cordon.cli.internal;

import dev.cordon.api.store.SecretValue;
import dev.cordon.installer.InstallLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cordon set-secret}: a secret's value from a hidden prompt or standard input, never an argument. */
@Command(
        name = "set-secret",
        mixinStandardHelpOptions = true,
        description = {
            "Stores secret KEY of PLUGIN in the secret store the runtime uses. The value is typed at a prompt that does",
            "not show it, or with --stdin read from the first line of standard input; it is never an argument, and",
            "never printed or logged. Workers started afterwards get it as the variable KEY; when a runtime owns the",
            "data folder (a serve), the plugin's loaded instances are reloaded there on fresh workers that have it."
        })
final class SetSecretCommand implements Callable<Integer> {

    private static final int MAX_BYTES = 64 * 1024;

    @ParentCommand
    CordonCommand root;

    @Parameters(index = "0", paramLabel = "PLUGIN", description = "The plugin the secret belongs to.")
    String plugin;

    @Parameters(index = "1", paramLabel = "KEY", description = "The secret's name: the variable the worker reads.")
    String key;

    @Option(names = "--stdin", description = "Read the value from the first line of standard input.")
    boolean stdin;

    @Override
    public Integer call() {
        CliContext context = root.context;
        InstallLayout.requireValidName(plugin);
        char[] value = stdin ? firstLine(context) : prompt(context);
        try {
            if (value.length == 0) {
                throw new IllegalArgumentException("the value of secret " + key + " is empty; nothing was stored");
            }
            SecretStores.Opened opened = SecretStores.open(context.home());
            opened.store().set(plugin, key, SecretValue.of(new String(value)));
            if (!Files.isRegularFile(
                    new InstallLayout(context.home().data()).environment(plugin).manifestFile())) {
                context.err()
                        .println("cordon set-secret: note: no plugin '" + plugin + "' is installed in "
                                + context.home().data() + " (yet); the secret is stored for it anyway");
            }
            context.out().println("stored secret " + key + " of " + plugin + " in " + opened.where());
            RunningRuntime.reloadInstancesOf(context.home().data(), plugin)
                    .ifPresent(ids -> context.out()
                            .println(
                                    ids.isEmpty()
                                            ? "the running runtime has no instance of " + plugin
                                                    + " loaded; its next worker gets the secret"
                                            : "reloaded in the running runtime, with the secret: "
                                                    + String.join(", ", ids)));
            return ExitCodes.OK;
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    private char[] prompt(CliContext context) {
        if (context.console() == null) {
            throw new UsageException("not on a terminal, so there is no hidden prompt: pipe the value and give"
                    + " --stdin, for example: printf %s \"$" + key + "\" | cordon set-secret " + plugin + " " + key
                    + " --stdin");
        }
        char[] typed = context.console().readPassword("Value of secret %s of %s (not shown): ", key, plugin);
        if (typed == null) {
            throw new UsageException("no value typed (end of input); nothing was stored");
        }
        return typed;
    }

    /** The first line of standard input without its line ending; no more is read than that line. */
    private static char[] firstLine(CliContext context) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = context.in().read()) != -1 && b != '\n') {
                if (bytes.size() >= MAX_BYTES) {
                    throw new IllegalArgumentException(
                            "the value on standard input is longer than " + MAX_BYTES + " bytes; a secret is one line");
                }
                bytes.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read standard input: " + e.getMessage(), e);
        }
        byte[] raw = bytes.toByteArray();
        int end = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
        char[] chars = new String(raw, 0, end, StandardCharsets.UTF_8).toCharArray();
        Arrays.fill(raw, (byte) 0);
        return chars;
    }
}
