package dev.cordon.boot;

import dev.cordon.boot.internal.control.ControlClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs shell command lines in the runtime that owns a data folder (a {@code serve} or an interactive shell), through
 * its control socket, for tools that change what a running runtime must notice.
 */
public final class AttachedCommands {

    /**
     * What the lines printed and their status.
     *
     * @param status 0 when every line succeeded
     * @param out what they printed
     * @param err their error messages
     */
    public record Result(int status, String out, String err) {}

    private AttachedCommands() {}

    /**
     * Runs {@code lines} in the runtime that owns {@code dataDir}.
     *
     * @param wait how long a command not yet registered is retried while bundles start
     * @return empty when no runtime owns the data folder
     * @throws IOException when the runtime goes away or stays silent while the lines run
     */
    public static Optional<Result> run(Path dataDir, List<String> lines, Duration wait) throws IOException {
        Optional<ControlClient> connected = ControlClient.connect(dataDir);
        if (connected.isEmpty()) {
            return Optional.empty();
        }
        try (ControlClient client = connected.get()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = client.run(lines, wait, new byte[0], out, err);
            return Optional.of(
                    new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)));
        }
    }
}
