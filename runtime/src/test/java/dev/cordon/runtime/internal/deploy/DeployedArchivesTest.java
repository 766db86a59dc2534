package dev.cordon.runtime.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestInstall;
import dev.cordon.manifest.Manifests;
import dev.cordon.manifest.archive.JavaIntrospection;
import dev.cordon.manifest.archive.PluginArchiveException;
import dev.cordon.manifest.archive.PluginArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployedArchivesTest {

    @TempDir
    Path dir;

    private Path data;
    private Path deploy;
    private DeployedArchives archives;

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        deploy = Files.createDirectories(dir.resolve("deploy"));
        archives = new DeployedArchives(data);
    }

    private Path archive(String file, String plugin, String version) throws IOException {
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("name", plugin);
        code.put("version", version);
        code.put("description", "test plugin");
        code.put("class", "com.example.TestPlugin");
        code.put("interface", "dev.cordon.api.plugin.Plugin");
        Manifest manifest = JavaIntrospection.manifest(
                code,
                new ManifestInstall(
                        "", "", "", Map.of(), "", "", "", RuntimeKind.JAVA, null, ".", null, null, null, null));
        Path jar = Files.writeString(dir.resolve(plugin + "-" + version + ".jar"), "jar " + version);
        Path zip = deploy.resolve(file);
        PluginArchives.write(zip, manifest, List.of(jar));
        return zip;
    }

    @Test
    void deploysIntoTheEnvironmentFolderAndSkipsUnchangedBytes() throws IOException {
        Path zip = archive("p.zip", "p", "1.0");

        DeployedArchives.Deployment first = archives.deploy(zip);
        assertThat(first.unpacked()).isTrue();
        assertThat(first.manifestFile()).isEqualTo(data.resolve("envs/p/manifest.json"));
        assertThat(Manifests.read(first.manifestFile()).code().name()).isEqualTo("p");
        assertThat(data.resolve("envs/p/p-1.0.jar")).hasContent("jar 1.0");
        assertThat(data.resolve("envs/p/" + DeployedArchives.MARKER)).content().startsWith(zip.toString());

        assertThat(archives.deploy(zip).unpacked()).isFalse();
        assertThat(archives.deployedFrom(zip))
                .map(DeployedArchives.Deployment::pluginName)
                .contains("p");

        archive("p.zip", "p", "2.0");
        assertThat(archives.deploy(zip).unpacked()).isTrue();
        assertThat(data.resolve("envs/p/p-2.0.jar")).exists();
        assertThat(data.resolve("envs/p/p-1.0.jar")).doesNotExist();
    }

    @Test
    void refusesAPluginInstalledByOtherMeans() throws IOException {
        Files.createDirectories(data.resolve("manifests"));
        Files.writeString(data.resolve("manifests/q.json"), "{}");
        Path zip = archive("q.zip", "q", "1.0");
        assertThatThrownBy(() -> archives.deploy(zip))
                .isInstanceOf(PluginArchiveException.class)
                .hasMessageContaining("installed already")
                .hasMessageContaining("cordon remove q");

        Files.createDirectories(data.resolve("envs/r"));
        Path other = archive("r.zip", "r", "1.0");
        assertThatThrownBy(() -> archives.deploy(other)).hasMessageContaining("belongs to an installed plugin 'r'");
        assertThat(data.resolve("envs/r")).isEmptyDirectory();
    }

    @Test
    void refusesASecondArchiveOfADeployedPlugin() throws IOException {
        archives.deploy(archive("a.zip", "s", "1.0"));
        Path second = archive("b.zip", "s", "2.0");
        assertThatThrownBy(() -> archives.deploy(second))
                .hasMessageContaining("deployed already from " + deploy.resolve("a.zip"));
    }

    @Test
    void environmentsOfVanishedArchivesAreOrphansAndRemovable() throws IOException {
        Path zip = archive("t.zip", "t", "1.0");
        DeployedArchives.Deployment d = archives.deploy(zip);
        assertThat(archives.orphans()).isEmpty();
        Files.delete(zip);
        assertThat(archives.orphans()).containsExactly(data.resolve("envs/t"));
        archives.remove(d);
        assertThat(data.resolve("envs/t")).doesNotExist();
    }
}
