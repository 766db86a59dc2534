package dev.cordon.installer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What installs are configured with: the Cordon home, the data folder's layout and the properties of
 * {@code etc/cordon.properties} (a system property of the same key wins).
 *
 * <p>Keys read here: {@code cordon.worker.python} (the Python worker script, default
 * {@code <home>/lib/python/cordon_worker.py}), {@code cordon.install.python} (the interpreter of new virtual
 * environments, default {@code /usr/bin/python3} where it exists, else {@code python3}), {@code cordon.install.pip.index} (the package index for requirements;
 * default pip's own), {@code cordon.install.step.timeout.s} (the longest one step may run, default 900).
 * Package installers may define keys of their own under {@code cordon.install.}.
 *
 * @param home the Cordon home
 * @param layout the data folder's install folders
 * @param properties the configured properties
 */
public record InstallSettings(Path home, InstallLayout layout, Map<String, String> properties) {

    /** Copies the properties and normalizes the home. */
    public InstallSettings {
        home = home.toAbsolutePath().normalize();
        properties = Map.copyOf(properties);
    }

    /**
     * The settings of a home and data folder, reading {@code <home>/etc/cordon.properties} when present.
     *
     * @throws UncheckedIOException when the properties file exists but cannot be read
     */
    public static InstallSettings load(Path home, Path data) {
        Map<String, String> map = new LinkedHashMap<>();
        Path file = home.resolve("etc").resolve("cordon.properties");
        if (Files.isRegularFile(file)) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            props.stringPropertyNames()
                    .forEach(k -> map.put(k, props.getProperty(k).trim()));
        }
        return new InstallSettings(home, new InstallLayout(data), map);
    }

    /** A system property, else the configured property, else {@code fallback}. */
    public String property(String key, String fallback) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            value = properties.get(key);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Cordon's Python worker script, which also introspects Python plugins. */
    public Path pythonWorker() {
        return Path.of(property(
                "cordon.worker.python",
                home.resolve("lib")
                        .resolve("python")
                        .resolve("cordon_worker.py")
                        .toString()));
    }

    /** The longest one install step (creating an environment, one pip run, introspection) may run. */
    public Duration stepTimeout() {
        String text = property("cordon.install.step.timeout.s", "900");
        try {
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "cordon.install.step.timeout.s must be a whole number of seconds, got '" + text + "'", e);
        }
    }
}
