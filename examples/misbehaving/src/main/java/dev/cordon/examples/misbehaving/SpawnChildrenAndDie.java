package dev.cordon.examples.misbehaving;

import dev.cordon.api.plugin.Invocation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a child and a grandchild that outlive it (each sleeps 300 s), writes their pids one a line to the keyword
 * argument {@code pid_file} when given, then exits with status 1 in the middle of the call.
 */
public final class SpawnChildrenAndDie extends Misbehaving {

    /** The misbehaviour named {@code spawn-children-and-die}. */
    public SpawnChildrenAndDie() {
        super("misbehaving-spawn-children-and-die");
    }

    @Override
    public Object execute(Invocation invocation) throws Exception {
        Process child = new ProcessBuilder("/bin/sh", "-c", "sleep 300 & echo $!; exec sleep 300")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String grandchild;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            grandchild = out.readLine();
        }
        String pidFile = invocation.kwarg("pid_file", String.class, null);
        if (pidFile != null) {
            Files.write(Path.of(pidFile), List.of(Long.toString(child.pid()), grandchild.trim()));
        }
        Runtime.getRuntime().halt(1);
        throw new AssertionError("halt returned");
    }
}
