package dev.cordon.runtime.internal.manager;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * A configuration file of {@code etc/} read directly ({@code <pid>.cfg}, properties syntax), for the moment before
 * FileInstall has handed it to ConfigAdmin.
 */
final class HostConfigurationFile {

    private HostConfigurationFile() {}

    /** The file's entries; empty when {@code etc} is unset or the file is absent or unreadable (then logged). */
    static Map<String, Object> read(String etc, String pid) {
        if (etc == null || etc.isBlank()) {
            return Map.of();
        }
        Path file = Path.of(etc.trim(), pid + ".cfg");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            LoggerFactory.getLogger(HostConfigurationFile.class)
                    .warn("Cannot read {}: {}; its settings wait for ConfigAdmin", file, e.getMessage());
            return Map.of();
        }
        Map<String, Object> entries = new HashMap<>();
        properties.forEach((k, v) -> entries.put(k.toString(), v.toString().strip()));
        return entries;
    }
}
