package dev.cordon.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK 25 (or later) that tests of the AOT cache run workers on: the one {@code CORDON_TEST_WORKER_JAVA} names, or
 * else one installed under {@code /usr/lib/jvm} beside the default JDK. {@code .ci/run} reports which, or that the
 * tests are skipped.
 */
public final class WorkerJdks {

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private WorkerJdks() {}

    /** The {@code java} executable of a JDK 25 or later, if this machine has one. */
    public static Optional<Path> aotCapable() {
        String named = System.getenv("CORDON_TEST_WORKER_JAVA");
        if (named != null && !named.isBlank()) {
            Path java = Path.of(named.trim());
            return feature(java) >= 25 ? Optional.of(java) : Optional.empty();
        }
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            return homes.map(h -> h.resolve("bin").resolve("java"))
                    .filter(Files::isExecutable)
                    .filter(j -> feature(j) >= 25)
                    .min(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature release of a {@code java} executable's JDK, from its {@code release} file; 0 when unknown. */
    static int feature(Path java) {
        try {
            Path home = java.toRealPath().getParent().getParent();
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
