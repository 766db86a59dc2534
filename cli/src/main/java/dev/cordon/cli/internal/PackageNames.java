package dev.cordon.cli.internal;

import dev.cordon.installer.PackageSource;
import dev.cordon.installer.archive.ArchivePackageInstaller;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plugin name from a package, when {@code --name} is not given. */
final class PackageNames {

    private static final Pattern LEADING_NAME = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*?)(?=[<>=!~\\[;@ ]|$)");
    private static final Pattern VERSION_TAIL = Pattern.compile("-[0-9][^-]*(-[A-Za-z0-9.]+)?$");

    private PackageNames() {}

    /**
     * The name: a folder's name; a wheel's distribution; a jar's or sdist's file name without its version; an archive's manifest's;
     * the artifact of coordinates; the project of a requirement.
     */
    static String pluginName(PackageSource source) {
        if (source instanceof PackageSource.Coordinates c) {
            return c.text().split(":")[1];
        }
        if (source instanceof PackageSource.LocalPath l) {
            return localName(l);
        }
        return requirementName(source.text());
    }

    private static String requirementName(String text) {
        Matcher m = LEADING_NAME.matcher(text.strip());
        if (!m.find()) {
            throw new IllegalArgumentException("Cannot tell a plugin name from '" + text + "'; give --name");
        }
        return m.group(1);
    }

    private static String localName(PackageSource.LocalPath local) {
        String file = local.path().getFileName().toString();
        String lower = file.toLowerCase(Locale.ROOT);
        return switch (local.kind()) {
            case FOLDER -> file;
            case WHEEL -> file.split("-", 2)[0].replace('_', '-');
            case SDIST ->
                VERSION_TAIL
                        .matcher(strip(file, lower.endsWith(".tgz") ? ".tgz" : ".tar.gz"))
                        .replaceAll("");
            case JAR -> VERSION_TAIL.matcher(strip(file, ".jar")).replaceAll("");
            // A plugin archive names its plugin in its manifest (a bad archive is refused here, with the reason).
            case ARCHIVE -> ArchivePackageInstaller.pluginName(local.path());
            case OTHER ->
                throw new IllegalArgumentException(
                        "Cannot tell what " + local.path() + " is (expected a folder, .whl, .tar.gz, .jar or .zip)");
        };
    }

    private static String strip(String file, String suffix) {
        return file.substring(0, file.length() - suffix.length());
    }
}
