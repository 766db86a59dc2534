package dev.cordon.launcher.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The JDK a worker's {@code java} executable belongs to, read from the {@code release} file beside its {@code bin}
 * folder (no process is started to learn it).
 *
 * @param home the JDK's folder, symbolic links resolved
 * @param feature the feature release: 17, 21, 25…
 * @param identity a short digest of the JDK's folder, its {@code release} file and its module image's size and time:
 *     it changes when the JDK is replaced in place, so archives made by the old one are never mapped by the new
 */
record JavaRuntime(Path home, int feature, String identity) {

    /** The first JDK whose AOT cache (JEP 483, 514, 515) Cordon uses; older ones use a dynamic class-data archive. */
    static final int AOT_CACHE_FEATURE = 25;

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    /** Whether this JDK takes an AOT cache ({@code -XX:AOTCache}) rather than a dynamic class-data archive. */
    boolean aotCache() {
        return feature >= AOT_CACHE_FEATURE;
    }

    /**
     * The JDK of {@code javaBinary}: a path, or a bare name looked up on {@code searchPath}.
     *
     * @return empty when the executable or its {@code release} file cannot be found or read: a worker on such a
     *     JVM runs without an archive
     */
    static Optional<JavaRuntime> of(String javaBinary, String searchPath) {
        Optional<Path> binary = ProcessGroups.executable(javaBinary, searchPath);
        try {
            if (binary.isEmpty()) {
                return Optional.empty();
            }
            Path real = binary.get().toRealPath();
            Path home = real.getParent() == null ? null : real.getParent().getParent();
            if (home == null || !Files.isRegularFile(home.resolve("release"))) {
                return Optional.empty();
            }
            String release = Files.readString(home.resolve("release"), StandardCharsets.UTF_8);
            Matcher m = VERSION.matcher(release);
            if (!m.find()) {
                return Optional.empty();
            }
            CRC32C crc = new CRC32C();
            crc.update((home + "\n" + release).getBytes(StandardCharsets.UTF_8));
            Path modules = home.resolve("lib").resolve("modules");
            if (Files.isRegularFile(modules)) {
                crc.update((Files.size(modules) + ":"
                                + Files.getLastModifiedTime(modules).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
            return Optional.of(
                    new JavaRuntime(home, Integer.parseInt(m.group(1)), String.format("%08x", crc.getValue())));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
