package dev.cordon.boot.internal.launch;

import dev.cordon.boot.CordonHome;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The SQLite driver's native library for {@code bin/cordon}, extracted once into {@code data/native/} and loaded
 * from there. Left to itself, the driver works out the platform (running {@code uname -o} as a child process),
 * extracts the library into the temporary folder, reads it back byte by byte to compare it, and loads it, at every
 * start: about a tenth of a second of every short command. The driver loads from {@code org.sqlite.lib.path} first
 * and falls back to its own extraction when that fails (a missing or unloadable file, a second class loader), so a
 * bad extraction here costs time, never the store. An embedding application is not touched: only the launcher calls
 * this, and never when {@code org.sqlite.lib.path} is set already.
 */
final class SqliteNative {

    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final String FOLDER_PREFIX = "sqlite-";

    private SqliteNative() {}

    /**
     * Points the driver at the library extracted for the driver jar in {@code home}'s bundles and this platform,
     * extracting it first when it is not there yet; does nothing when no driver jar is installed, the property is
     * set already, or the library cannot be had.
     */
    static void prepare(CordonHome home) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        try {
            Optional<Path> jar = driverJar(home.bundles());
            if (jar.isEmpty()) {
                return;
            }
            String name = System.mapLibraryName("sqlitejdbc");
            Path root = home.data().resolve("native");
            Path folder = root.resolve(FOLDER_PREFIX + key(jar.get()));
            if (!Files.isRegularFile(folder.resolve(name)) && !extract(jar.get(), name, root, folder)) {
                return;
            }
            System.setProperty(PATH_PROPERTY, folder.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException | RuntimeException e) {
            // The driver extracts the library itself, as it would have without this.
        }
    }

    private static Optional<Path> driverJar(Path bundles) throws IOException {
        if (!Files.isDirectory(bundles)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(bundles)) {
            return files.filter(p -> p.getFileName().toString().startsWith("sqlite-jdbc-")
                            && p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .findFirst();
        }
    }

    /**
     * The jar (name, size, time) and the platform: another driver, or the same data folder on another machine, never
     * maps a library extracted for something else.
     */
    private static String key(Path jar) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
        String text = jar.getFileName() + "|" + attributes.size() + "|"
                + attributes.lastModifiedTime().toMillis() + "|" + System.getProperty("os.name") + "|"
                + System.getProperty("os.arch");
        return Integer.toHexString(text.hashCode());
    }

    /** Extracts the platform's library from the jar into {@code folder} atomically; removes other extractions. */
    private static boolean extract(Path jar, String name, Path root, Path folder) throws IOException {
        Optional<String> entryName = libraryEntry(jar, name);
        if (entryName.isEmpty()) {
            return false;
        }
        Files.createDirectories(folder);
        Path part = Files.createTempFile(folder, name, ".part");
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry(entryName.get());
            if (entry == null) {
                return false;
            }
            try (InputStream in = file.getInputStream(entry)) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(part, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        try {
            removeOthers(root, folder);
        } catch (IOException e) {
            // Only disk space: a library still open elsewhere may refuse to go.
        }
        return true;
    }

    /**
     * The library's entry in the jar, by the driver's own reckoning of the platform (its {@code OSInfo}, loaded from
     * the jar in a loader of its own), so that musl, Android and the ARM variants are named as the driver names them.
     */
    private static Optional<String> libraryEntry(Path jar, String name) throws IOException {
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Object folder = Class.forName("org.sqlite.util.OSInfo", true, loader)
                    .getMethod("getNativeLibFolderPathForCurrentOS")
                    .invoke(null);
            return Optional.of("org/sqlite/native/" + folder + "/" + name);
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static void removeOthers(Path root, Path keep) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, FOLDER_PREFIX + "*")) {
            folders.forEach(f -> {
                if (!f.equals(keep)) {
                    stale.add(f);
                }
            });
        }
        for (Path folder : stale) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(folder);
        }
    }
}
