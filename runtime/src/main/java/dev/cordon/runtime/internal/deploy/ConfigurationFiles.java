package dev.cordon.runtime.internal.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.cm.Configuration;

/**
 * Changes made to a configuration by a command, written into the {@code etc/} file the configuration came from.
 *
 * <p>FileInstall's own write-back is off (see the launcher's framework properties): it rewrites a file in place
 * while its watcher may be reading it, and a file edited while Cordon was stopped came back empty at the next start.
 * So a command that changes a file-backed configuration writes the file itself, whole and atomically, keeping the
 * other lines and their comments; FileInstall then reads back what ConfigAdmin already holds and changes nothing.
 */
public final class ConfigurationFiles {

    private ConfigurationFiles() {}

    /**
     * Applies {@code changes} to {@code config}: to its {@code etc/} file first when it has one, then to ConfigAdmin.
     *
     * @return the file written, or empty when the configuration lives in ConfigAdmin's store alone
     * @throws IOException when the file cannot be written; the configuration is then left unchanged
     */
    public static Optional<Path> update(Configuration config, Map<String, String> changes) throws IOException {
        Dictionary<String, Object> props = config.getProperties();
        Optional<Path> file = props == null ? Optional.empty() : fileOf(props.get(EtcWatcher.FILENAME));
        if (file.isPresent()) {
            write(file.get(), changes);
        }
        Dictionary<String, Object> next = props == null ? new java.util.Hashtable<>() : props;
        changes.forEach(next::put);
        config.update(next);
        return file;
    }

    /** Rewrites {@code file} with each key of {@code changes} set, in place of its line or appended. */
    static void write(Path file, Map<String, String> changes) throws IOException {
        Map<String, String> pending = new LinkedHashMap<>(changes);
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String key = keyOf(line);
            if (key != null && pending.containsKey(key)) {
                out.add(key + " = " + escape(pending.remove(key)));
            } else {
                out.add(line);
            }
        }
        pending.forEach((key, value) -> out.add(key + " = " + escape(value)));
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        // The temporary name has no .cfg ending, so FileInstall never reads it half-written.
        Files.write(tmp, out, StandardCharsets.ISO_8859_1);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The key a properties line sets, or {@code null} for a comment, a blank or a continued line. */
    static String keyOf(String line) {
        String s = line.stripLeading();
        if (s.isEmpty() || s.startsWith("#") || s.startsWith("!")) {
            return null;
        }
        int end = 0;
        while (end < s.length() && "=: \t".indexOf(s.charAt(end)) < 0) {
            if (s.charAt(end) == '\\') {
                return null;
            }
            end++;
        }
        return s.substring(0, end);
    }

    private static String escape(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static Optional<Path> fileOf(Object name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(URI.create(name.toString())));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }
}
