package dev.cordon.installer.java;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.installer.InstallLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a Java plugin project ({@code cordon new java NAME}): a Maven project whose pom depends on the Cordon API
 * ({@code provided}) and runs cordon-maven-plugin, so {@code mvn package} leaves the plugin archive
 * {@code target/NAME-0.1.0.zip}; a plugin class with a config record that returns its keyword arguments with a
 * count of them, registered as a service; and a JUnit test of it. The pom takes Cordon's artifacts from the
 * distribution's {@code repository/} folder (a {@code file:} URL), the rest from Maven Central.
 *
 * @param repository the Maven repository folder holding the API and the Maven plugin ({@code <home>/repository})
 * @param cordonVersion the version of those artifacts
 */
public record JavaProjectTemplate(Path repository, String cordonVersion) {

    private static final String TEMPLATES = "/dev/cordon/installer/java/template/";

    /**
     * The template of a Cordon home: its {@code repository/} folder and the version of the API found there.
     *
     * @throws PluginInputError when the home has no repository folder with the API (a distribution built without
     *     it, or a wrong {@code --home})
     */
    public static JavaProjectTemplate forHome(Path home) {
        Path repository = home.resolve("repository");
        Path api = repository.resolve("dev/cordon/api");
        try (var versions = Files.list(api)) {
            String version = versions.filter(Files::isDirectory)
                    .map(v -> v.getFileName().toString())
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new IOException("no version folder"));
            return new JavaProjectTemplate(repository, version);
        } catch (IOException e) {
            throw new PluginInputError(
                    "The Cordon home " + home + " has no Maven repository folder with the API (" + api
                            + "); use the home of an assembled distribution (--home)",
                    List.of("home"),
                    e);
        }
    }

    /**
     * Writes the project into {@code dir}, which must not exist or be empty.
     *
     * @param name the plugin's name: the artifactId, the plugin's {@code name()} and the class name's stem
     * @return the files written, relative to {@code dir}
     * @throws PluginInputError when the name is not usable or {@code dir} holds files
     */
    public List<Path> write(Path dir, String name) {
        InstallLayout.requireValidName(name);
        if (!Character.isLetter(name.charAt(0))) {
            throw new PluginInputError(
                    "'" + name + "' cannot name a Java plugin project: start it with a letter", List.of("name"), null);
        }
        String className = className(name);
        String pkg = "com.example." + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        Map<String, String> values = Map.of(
                "{{name}}", name,
                "{{groupId}}", "com.example",
                "{{package}}", pkg,
                "{{class}}", className,
                "{{cordonVersion}}", cordonVersion,
                "{{repositoryUrl}}",
                        repository.toAbsolutePath().normalize().toUri().toString());
        String pkgPath = pkg.replace('.', '/');
        Map<String, String> files = Map.of(
                "pom.xml",
                "pom.xml.template",
                "src/main/java/" + pkgPath + "/" + className + ".java",
                "Plugin.java.template",
                "src/test/java/" + pkgPath + "/" + className + "Test.java",
                "PluginTest.java.template",
                "src/main/resources/META-INF/services/dev.cordon.api.plugin.Plugin",
                "services.template",
                ".gitignore",
                "gitignore.template");
        requireEmpty(dir);
        List<Path> written = new ArrayList<>();
        try {
            for (var e : files.entrySet()) {
                Path target = dir.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, fill(template(e.getValue()), values), StandardCharsets.UTF_8);
                written.add(Path.of(e.getKey()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the project into " + dir + ": " + e.getMessage(), e);
        }
        return written.stream().sorted().toList();
    }

    /** {@code word-count} → {@code WordCountPlugin}. */
    static String className(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out + "Plugin";
    }

    private static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new PluginInputError(
                        dir + " exists and is not empty: choose another name or folder", List.of("name"), null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String template(String name) throws IOException {
        try (InputStream in = JavaProjectTemplate.class.getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new IllegalStateException("The installer jar lacks its template " + TEMPLATES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fill(String text, Map<String, String> values) {
        String out = text;
        for (var v : values.entrySet()) {
            out = out.replace(v.getKey(), v.getValue());
        }
        return out;
    }
}
