package dev.cordon.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floor a worker's figures are compared with: a bare JVM that prints its version ({@code java -version}) with the
 * same JDK and the same options, measured in the same run as the worker.
 */
final class BareJvm {

    private final List<String> command;

    /** A bare JVM run of {@code java} with {@code options}. */
    BareJvm(String java, List<String> options) {
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(options);
        c.add("-version");
        this.command = List.copyOf(c);
    }

    /** The feature release of {@code java}'s JDK (17, 25…) from its {@code release} file; 0 when unknown. */
    static int feature(String java) {
        try {
            Path home = Path.of(java).toRealPath().getParent().getParent();
            Matcher m =
                    Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Milliseconds from start to exit of one run. */
    long wallMillis() throws IOException, InterruptedException {
        long t = System.nanoTime();
        run(command);
        return (System.nanoTime() - t) / 1_000_000;
    }

    /** Its peak resident memory in MB, as {@code /usr/bin/time -f %M} reports it. */
    double peakRssMb() throws IOException, InterruptedException {
        Path out = Files.createTempFile("cordon-bare-jvm", ".txt");
        try {
            List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", "-o", out.toString()));
            timed.addAll(command);
            run(timed);
            return Long.parseLong(Files.readString(out).strip()) / 1024.0;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bare JVM run did not end within 60 s: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("bare JVM run failed with status " + p.exitValue() + ": " + command);
        }
    }
}
