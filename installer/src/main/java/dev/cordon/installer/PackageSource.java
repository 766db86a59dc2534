package dev.cordon.installer;

import dev.cordon.api.model.RuntimeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Where a plugin's package comes from: Maven coordinates, a local file or folder, or a package-index requirement. */
public sealed interface PackageSource {

    /** The source as written, for messages and the manifest's {@code package_source}. */
    String text();

    /**
     * Maven coordinates {@code group:artifact[:extension[:classifier]]:version}, resolved from the local repository
     * and the configured remote repositories.
     *
     * @param text the coordinates
     */
    record Coordinates(String text) implements PackageSource {
        /** Requires the text. */
        public Coordinates {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A local file or folder: a Python package folder, wheel or sdist; a jar; a plugin archive.
     *
     * @param path the absolute, normalized path
     */
    record LocalPath(Path path) implements PackageSource {
        /** Normalizes the path. */
        public LocalPath {
            path = path.toAbsolutePath().normalize();
        }

        @Override
        public String text() {
            return path.toString();
        }

        /** What the path holds, judged by its name and whether it is a folder. */
        public LocalKind kind() {
            if (Files.isDirectory(path)) {
                return LocalKind.FOLDER;
            }
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".whl")) {
                return LocalKind.WHEEL;
            }
            if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
                return LocalKind.SDIST;
            }
            if (name.endsWith(".jar")) {
                return LocalKind.JAR;
            }
            if (name.endsWith(".zip")) {
                return LocalKind.ARCHIVE;
            }
            return LocalKind.OTHER;
        }
    }

    /**
     * A requirement for the configured Python package index, for example {@code my-plugin==1.2}.
     *
     * @param text the requirement
     */
    record Requirement(String text) implements PackageSource {
        /** Requires the text. */
        public Requirement {
            Objects.requireNonNull(text, "text");
        }
    }

    /** What a {@link LocalPath} holds. */
    enum LocalKind {
        FOLDER,
        WHEEL,
        SDIST,
        JAR,
        ARCHIVE,
        OTHER
    }

    /**
     * Reads a package as written in {@code plugins.yaml} or on the command line: a path that exists (relative to
     * {@code base}) or that starts with {@code .}, {@code /} or {@code ~} is local; otherwise Maven coordinates for
     * java, a package-index requirement for python.
     */
    static PackageSource parse(String text, RuntimeKind runtime, Path base) {
        String t = text.strip();
        if (t.startsWith("~/")) {
            return new LocalPath(Path.of(System.getProperty("user.home")).resolve(t.substring(2)));
        }
        Path candidate = base.resolve(t);
        if (t.startsWith(".") || t.startsWith("/") || Files.exists(candidate)) {
            return new LocalPath(candidate);
        }
        if (runtime == RuntimeKind.JAVA && COORDINATES.matcher(t).matches()) {
            return new Coordinates(t);
        }
        return new Requirement(t);
    }

    /** {@code group:artifact[:extension[:classifier]]:version}. */
    Pattern COORDINATES = Pattern.compile("[^:\\s/]+:[^:\\s/]+(:[^:\\s/]+){1,3}");
}
