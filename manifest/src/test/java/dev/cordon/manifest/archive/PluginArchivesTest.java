package dev.cordon.manifest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestInstall;
import dev.cordon.manifest.Manifests;
import dev.cordon.protocol.json.CanonicalJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginArchivesTest {

    @TempDir
    Path dir;

    static Manifest manifest() {
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("name", "wordcount");
        code.put("version", "0.1.0");
        code.put("description", "Counts");
        code.put("module", "wordcount");
        code.put("class", "com.example.wordcount.WordcountPlugin");
        code.put("interface", "dev.cordon.api.plugin.Plugin");
        code.put("config_schema", Map.of("type", "object", "properties", Map.of("countKey", Map.of("type", "string"))));
        ManifestInstall install = new ManifestInstall(
                "", "", "", Map.of(), "", "", "", RuntimeKind.JAVA, null, ".", null, null, null, null);
        return JavaIntrospection.manifest(code, install);
    }

    private Path jar(String name) throws IOException {
        Path jar = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            out.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private Path zip(Map<String, String> entries) throws IOException {
        Path zip = dir.resolve("hand-" + entries.hashCode() + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    @Test
    void writtenArchiveVerifiesAndUnpacksIntoAnEnvironmentFolder() throws IOException {
        Manifest manifest = manifest();
        Path archive = dir.resolve("out/wordcount-0.1.0.zip");
        PluginArchives.write(archive, manifest, List.of(jar("wordcount-0.1.0.jar"), jar("dep-1.jar")));

        PluginArchive verified = PluginArchives.verify(archive);

        assertThat(verified.pluginName()).isEqualTo("wordcount");
        assertThat(verified.entries()).containsExactly("manifest.json", "wordcount-0.1.0.jar", "dep-1.jar");
        assertThat(verified.manifest().configSchemaHash())
                .isEqualTo(CanonicalJson.hashOf(manifest.code().configSchema()));
        assertThat(verified.digest()).startsWith("sha256:");

        Path env = dir.resolve("envs/wordcount");
        Files.createDirectories(env);
        Files.writeString(env.resolve("stale.jar"), "old");
        PluginArchives.unpack(verified, env);
        assertThat(env.resolve("stale.jar")).doesNotExist();
        assertThat(env.resolve("dep-1.jar")).isRegularFile();
        assertThat(Manifests.read(env.resolve("manifest.json"))).isEqualTo(verified.manifest());
        try (var left = Files.list(dir.resolve("envs"))) {
            assertThat(left).containsExactly(env);
        }
    }

    @Test
    void sameInputsGiveTheSameBytes() throws IOException {
        Path a = dir.resolve("a.zip");
        Path b = dir.resolve("b.zip");
        List<Path> jars = List.of(jar("p.jar"));
        PluginArchives.write(a, manifest(), jars);
        PluginArchives.write(b, manifest(), jars);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void refusesWhatIsNotAZip() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.zip"), "not a zip at all");
        assertThatThrownBy(() -> PluginArchives.verify(bad))
                .isInstanceOf(PluginArchiveException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("not a zip archive");
    }

    @Test
    void refusesAMissingFile() {
        assertThatThrownBy(() -> PluginArchives.verify(dir.resolve("none.zip")))
                .isInstanceOf(PluginArchiveException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void refusesAnArchiveWithoutManifest() throws IOException {
        Path zip = zip(Map.of("p.jar", "x"));
        assertThatThrownBy(() -> PluginArchives.verify(zip)).hasMessageContaining("no manifest.json at its root");
    }

    @Test
    void refusesAnInvalidManifestNamingEachProblem() throws IOException {
        Path zip = zip(Map.of(
                "manifest.json",
                "{\"format_version\": \"2.0\", \"install\": {\"runtime\": \"java\", \"env_dir\": \".\"}, \"code\": {}}",
                "p.jar",
                "x"));
        assertThatThrownBy(() -> PluginArchives.verify(zip))
                .hasMessageContaining("manifest.json is invalid")
                .hasMessageContaining("$.code.name");
    }

    @Test
    void aPythonArchiveNeedsItsManifestToPointAtItsRoot() throws IOException {
        Path refused = zip(Map.of("manifest.json", pythonManifest(null), "py.py", "class P: pass"));
        assertThatThrownBy(() -> PluginArchives.verify(refused))
                .isInstanceOf(PluginArchiveException.class)
                .hasMessageContaining("install.env_dir \".\"")
                .hasMessageContaining("declares none");

        Path accepted = zip(Map.of("manifest.json", pythonManifest("."), "py.py", "class P: pass"));
        assertThat(PluginArchives.verify(accepted).pluginName()).isEqualTo("py");
    }

    private static String pythonManifest(String envDir) {
        Map<String, Object> code = new LinkedHashMap<>(Map.of(
                "name", "py", "version", "1", "description", "d", "module", "py", "class", "P", "interface", "a.B"));
        return Manifests.write(new Manifest(
                Manifest.CURRENT_VERSION,
                new ManifestInstall(
                        "python3",
                        "",
                        "",
                        Map.of(),
                        "",
                        "",
                        "",
                        RuntimeKind.PYTHON,
                        null,
                        envDir,
                        null,
                        null,
                        null,
                        null),
                JavaIntrospection.manifest(code, manifest().install()).code(),
                CanonicalJson.hashOf(null),
                Map.of()));
    }

    @Test
    void refusesAManifestEditedAfterItWasGenerated() throws IOException {
        Manifest m = manifest();
        Manifest edited = new Manifest(
                m.formatVersion(), m.install(), m.code(), CanonicalJson.hashOf(Map.of("other", 1)), m.overrides());
        Path zip = zip(Map.of("manifest.json", Manifests.write(edited), "p.jar", "x"));
        assertThatThrownBy(() -> PluginArchives.verify(zip))
                .hasMessageContaining("records config_schema_hash " + edited.configSchemaHash())
                .hasMessageContaining("rebuild the archive");
    }

    @Test
    void refusesAManifestWithoutHash() throws IOException {
        Manifest m = manifest();
        Manifest unhashed = new Manifest(m.formatVersion(), m.install(), m.code(), null, m.overrides());
        Path zip = zip(Map.of("manifest.json", Manifests.write(unhashed), "p.jar", "x"));
        assertThatThrownBy(() -> PluginArchives.verify(zip)).hasMessageContaining("records no drift_tracking");
    }

    @Test
    void refusesAJavaArchiveWithoutJar() throws IOException {
        Path zip = zip(Map.of("manifest.json", Manifests.write(manifest()), "lib/p.jar", "x"));
        assertThatThrownBy(() -> PluginArchives.verify(zip)).hasMessageContaining("holds no jar at its root");
    }

    @Test
    void refusesEntriesThatWouldLandOutsideTheFolder() throws IOException {
        for (String name : List.of("../evil.jar", "/abs.jar", "a/../../b.jar", "c:\\x.jar")) {
            Path zip = zip(Map.of("manifest.json", Manifests.write(manifest()), name, "x"));
            assertThatThrownBy(() -> PluginArchives.verify(zip))
                    .as(name)
                    .isInstanceOf(PluginArchiveException.class)
                    .hasMessageContaining("entry '" + name + "'");
        }
    }

    @Test
    void writeRefusesTwoFilesOfOneName() throws IOException {
        Path a = jar("same.jar");
        Path other = Files.createDirectories(dir.resolve("other"));
        Path b = Files.copy(a, other.resolve("same.jar"));
        assertThatThrownBy(() -> PluginArchives.write(dir.resolve("x.zip"), manifest(), List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same.jar");
    }

    @Test
    void unpackLeavesTheOldFolderWhenTheArchiveChangedSinceVerification() throws IOException {
        Path archive = dir.resolve("w.zip");
        PluginArchives.write(archive, manifest(), List.of(jar("p.jar")));
        PluginArchive verified = PluginArchives.verify(archive);
        Path env = Files.createDirectories(dir.resolve("envs/w"));
        Files.writeString(env.resolve("kept.jar"), "old");
        try (OutputStream out = Files.newOutputStream(archive)) {
            out.write("garbage".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> PluginArchives.unpack(verified, env)).isInstanceOf(IOException.class);
        assertThat(env.resolve("kept.jar")).hasContent("old");
    }
}
