package dev.cordon.boot.internal.framework;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The packages a jar on the host's class path exports, read from its OSGi {@code Export-Package} header, so
 * the framework's system bundle can export them and bundles share the host's classes.
 *
 * <p>Cordon exports the {@code dev.cordon.api} packages and SLF4J this way: the embedding application and
 * the bundles then see the same {@code Class} objects.
 */
public final class SystemPackages {

    private SystemPackages() {}

    /**
     * The exports of the jar holding {@code anchor}.
     *
     * @return the header and bundle symbolic name, or empty when the class does not come from a bundle jar
     *     (for example from a classes folder)
     * @throws UncheckedIOException when the jar cannot be read
     */
    public static Optional<Exports> of(Class<?> anchor) {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        Path jar;
        try {
            jar = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return Optional.empty();
            }
            String exports = manifest.getMainAttributes().getValue("Export-Package");
            String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (exports == null || bsn == null) {
                return Optional.empty();
            }
            return Optional.of(new Exports(bsn.split(";", 2)[0].trim(), exports, jar));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifest of " + jar, e);
        }
    }

    /**
     * One jar's exports.
     *
     * @param symbolicName the bundle symbolic name of the jar; a bundle with this name in the bundles folder is
     *     not installed, since the system bundle already provides its packages
     * @param exportPackage the {@code Export-Package} header, usable in
     *     {@code org.osgi.framework.system.packages.extra}
     * @param jar the jar file
     */
    public record Exports(String symbolicName, String exportPackage, Path jar) {}
}
