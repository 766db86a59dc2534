package dev.cordon.installer.internal;

import dev.cordon.installer.InstallRequest;
import dev.cordon.installer.PackageSource;
import dev.cordon.protocol.json.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What makes two installs the same: the request and, for a local source, the names, sizes and modification times
 * of its files. An install whose fingerprint matches the recorded one is skipped.
 */
public final class Fingerprint {

    /** Folders of build output and tool state: neither copied for a build nor part of a fingerprint. */
    public static final Set<String> IGNORED_FOLDERS =
            Set.of("build", "dist", "__pycache__", ".git", ".venv", ".tox", ".mypy_cache", ".pytest_cache");

    private Fingerprint() {}

    /** Whether a folder of this name is build output or tool state. */
    public static boolean ignoredFolder(String name) {
        return IGNORED_FOLDERS.contains(name) || name.endsWith(".egg-info");
    }

    /** {@code sha256:<hex>} of the request and its local source's file listing. */
    public static String of(InstallRequest request) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("name", request.name());
        parts.put("runtime", request.runtime().wire());
        parts.put("source", request.source().text());
        parts.put("interpreter", request.interpreter() == null ? "" : request.interpreter());
        parts.put("jvm_args", request.jvmArgs());
        parts.put("env_vars", request.envVars());
        parts.put("interface_libs", request.interfaceLibs());
        parts.put("system_site_packages", request.systemSitePackages());
        parts.put("entry_point", request.entryPoint() == null ? "" : request.entryPoint());
        if (request.source() instanceof PackageSource.LocalPath local) {
            parts.put("files", listing(local.path()));
        }
        return CanonicalJson.hashOf(parts);
    }

    private static List<String> listing(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> !ignored(root.relativize(f)))
                    .sorted()
                    .forEach(f -> lines.add(root.relativize(f) + "|" + stat(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        return lines;
    }

    private static boolean ignored(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (ignoredFolder(relative.getName(i).toString())) {
                return true;
            }
        }
        return false;
    }

    private static String stat(Path file) {
        try {
            return Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
