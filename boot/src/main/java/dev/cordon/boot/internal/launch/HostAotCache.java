package dev.cordon.boot.internal.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The AOT cache {@code bin/cordon} starts the launcher from on JDK 25 and later (it names the file in the system
 * property {@value #PROPERTY}). A JVM that cannot use a cache (corrupted bytes, another JDK's) starts without it and
 * says so; this removes such a cache, so that the next run records a new one instead of failing the same way each time.
 */
final class HostAotCache {

    /** The system property {@code bin/cordon} sets to the cache it passed with {@code -XX:AOTCache}. */
    static final String PROPERTY = "cordon.host.aot.cache";

    private HostAotCache() {}

    /** Deletes the cache named by {@value #PROPERTY} when this JVM runs without class-data sharing, saying so once. */
    static void dropIfUnused(PrintStream err) {
        String cache = System.getProperty(PROPERTY);
        if (cache == null
                || cache.isBlank()
                || System.getProperty("java.vm.info", "").contains("sharing")) {
            return;
        }
        try {
            if (Files.deleteIfExists(Path.of(cache))) {
                err.println("cordon: the JVM could not use the AOT cache " + cache + " and started without it; "
                        + "the cache was removed and the next run makes a new one");
            }
        } catch (IOException e) {
            err.println("cordon: the JVM could not use the AOT cache " + cache + " and cannot remove it ("
                    + e.getMessage() + "); delete it by hand, or set CORDON_AOT=off");
        }
    }
}
