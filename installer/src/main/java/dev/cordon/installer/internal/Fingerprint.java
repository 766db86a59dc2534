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
import java.util.stream.Stream;

/**
 * What makes two installs the same: the request and, for a local source, the names, sizes and modification times
 * of its files. An install whose fingerprint matches the recorded one is skipped.
 */
public final class Fingerprint {

    private Fingerprint() {}

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
                    .filter(f -> !f.toString().contains("__pycache__"))
                    .sorted()
                    .forEach(f -> lines.add(root.relativize(f) + "|" + stat(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        return lines;
    }

    private static String stat(Path file) {
        try {
            return Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
