package dev.cordon.boot.internal.launch;

import dev.cordon.boot.CordonHome;
import dev.cordon.boot.internal.control.ControlClient;
import dev.cordon.boot.internal.control.DataFolderLock;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** {@code bin/cordon shell} attached to the runtime that owns the data folder, instead of booting another. */
final class AttachedShell {

    private static final Set<String> LEAVE = Set.of("exit", "quit");

    private AttachedShell() {}

    /** Runs {@code shell -c}'s commands, or reads lines from the terminal, in the attached runtime. */
    static int run(ControlClient client, CordonHome home, Options options) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        try (client) {
            if (options.mode == Options.Mode.COMMANDS) {
                return client.run(options.commands, options.wait, out, err);
            }
            return interactive(client, home, out, err, options);
        } catch (IOException e) {
            err.println("cordon: " + e.getMessage());
            return Main.FAILED;
        }
    }

    private static int interactive(
            ControlClient client, CordonHome home, PrintStream out, PrintStream err, Options options)
            throws IOException {
        String pid = DataFolderLock.holder(home.data()).stream()
                .mapToObj(Long::toString)
                .findFirst()
                .orElse("?");
        out.println("Attached to the Cordon runtime " + pid + " (data " + home.data()
                + "). 'exit' leaves the shell; the runtime keeps running.");
        BufferedReader in = new BufferedReader(
                new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
        int status = 0;
        while (true) {
            out.print("g! ");
            out.flush();
            String line = in.readLine();
            if (line == null || LEAVE.contains(line.strip())) {
                return status;
            }
            if (!line.isBlank()) {
                status = client.run(List.of(line), options.wait, out, err);
            }
        }
    }
}
