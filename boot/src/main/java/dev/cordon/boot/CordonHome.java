package dev.cordon.boot;

import dev.cordon.boot.internal.framework.HostFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The folders of one Cordon home.
 *
 * @param home the home folder
 * @param bundles the bundles installed at every start ({@code <home>/bundles} by default)
 * @param etc framework properties, {@code logback.xml} and ConfigAdmin files, watched live
 * @param deploy bundles and configurations dropped here are installed live and removed when deleted
 * @param data databases, logs, manifests, plugin environments, secrets, ConfigAdmin's store and the framework cache
 */
public record CordonHome(Path home, Path bundles, Path etc, Path deploy, Path data) {

    /** Normalizes every folder to an absolute path. */
    public CordonHome {
        home = absolute(home, "home");
        bundles = absolute(bundles, "bundles");
        etc = absolute(etc, "etc");
        deploy = absolute(deploy, "deploy");
        data = absolute(data, "data");
    }

    /** The standard layout below {@code home}. */
    public static CordonHome standard(Path home) {
        Path h = home.toAbsolutePath().normalize();
        return new CordonHome(h, h.resolve("bundles"), h.resolve("etc"), h.resolve("deploy"), h.resolve("data"));
    }

    /** The same layout with another data folder. */
    public CordonHome withData(Path newData) {
        return new CordonHome(home, bundles, etc, deploy, newData);
    }

    /** The same layout with another bundles folder. */
    public CordonHome withBundles(Path newBundles) {
        return new CordonHome(home, newBundles, etc, deploy, data);
    }

    /** Where the framework keeps its bundle cache; wiped at each start. */
    public Path frameworkCache() {
        return data.resolve("cache");
    }

    /** The folders as the framework start reads them. */
    HostFolders folders() {
        return new HostFolders(home, etc, deploy, data, frameworkCache());
    }

    /** Where Cordon's own logs go. */
    public Path logs() {
        return data.resolve("logs");
    }

    /**
     * Creates the folders Cordon writes to ({@code etc}, {@code deploy}, {@code data}, the logs) and makes the data
     * folder and the logs owner-only (mode 0700) on a POSIX file system: they hold databases, secrets, logs and
     * the control socket.
     *
     * @throws UncheckedIOException naming the folder that could not be created or made private
     */
    public void createWritableFolders() {
        for (Path dir : new Path[] {etc, deploy, data, logs()}) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot create the Cordon folder " + dir
                                + ": check that the home is writable or choose another with --home / CORDON_HOME",
                        e);
            }
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            for (Path dir : new Path[] {data, logs()}) {
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "Cannot make " + dir + " private to its owner (mode 0700): run Cordon"
                                    + " as the folder's owner or choose another data folder with --data / CORDON_DATA",
                            e);
                }
            }
        }
    }

    private static Path absolute(Path p, String what) {
        return Objects.requireNonNull(p, what).toAbsolutePath().normalize();
    }
}
