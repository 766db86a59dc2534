package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.PluginInputError;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a secret's value where no one else sees it: from a prompt that does not echo when the shell runs on a
 * terminal, else the first line of standard input ({@code printf %s "$TOKEN" | bin/cordon shell -c 'cordon:env p
 * --set KEY'}). Never from an argument, which would stay in the shell history and the process list.
 */
final class SecretInput {

    /** The longest value read. */
    static final int MAX_BYTES = 64 * 1024;
    /** How long standard input may take to deliver the value. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private SecretInput() {}

    /** The value of {@code key}: from the terminal when there is one, else from {@code stdin}. */
    static String read(String key, InputStream stdin) {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Value of secret %s (not shown): ", key);
            if (typed == null) {
                throw new PluginInputError("No value was typed for secret " + key, List.of(key), null);
            }
            try {
                return nonEmpty(key, new String(typed));
            } finally {
                Arrays.fill(typed, '\0');
            }
        }
        return fromStream(key, stdin, WAIT);
    }

    /** The first line of {@code in} (without its line break), waiting at most {@code wait}. */
    static String fromStream(String key, InputStream in, Duration wait) {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        line.complete(firstLine(in));
                    } catch (RuntimeException e) {
                        line.completeExceptionally(e);
                    }
                },
                "cordon-secret-input");
        reader.setDaemon(true);
        reader.start();
        try {
            return nonEmpty(key, line.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new PluginInputError(
                    "No value for secret " + key + " arrived on standard input within "
                            + wait.toSeconds() + " s; pipe it in, e.g. printf %s \"$VALUE\" | bin/cordon shell -c"
                            + " 'cordon:env <plugin> --set " + key + "'",
                    List.of(key),
                    null);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginInputError("Interrupted while reading the value of secret " + key, List.of(key), null);
        }
    }

    private static String firstLine(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (bytes.size() == MAX_BYTES) {
                    throw new PluginInputError(
                            "A secret's value must be at most " + MAX_BYTES + " bytes", List.of("value"), null);
                }
                bytes.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the secret's value from standard input", e);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String nonEmpty(String key, String value) {
        if (value.isEmpty()) {
            throw new PluginInputError(
                    "No value arrived for secret " + key + ": type it at the prompt, or give it on"
                            + " standard input, e.g. printf %s \"$VALUE\" | bin/cordon shell -c 'cordon:env <plugin> --set "
                            + key + "'",
                    List.of(key),
                    null);
        }
        return value;
    }
}
