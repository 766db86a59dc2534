package dev.cordon.installer.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.installer.InstallOutcome;
import dev.cordon.installer.InstallProgress;
import dev.cordon.installer.InstallRequest;
import dev.cordon.installer.InstallSettings;
import dev.cordon.installer.PackageSource;
import dev.cordon.installer.PluginInstaller;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivePackageInstallerTest {

    @TempDir
    Path dir;

    private Path archive() throws IOException {
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("name", "wc");
        code.put("version", "1.0");
        code.put("description", "counts");
        code.put("class", "com.example.WcPlugin");
        code.put("interface", "dev.cordon.api.plugin.Plugin");
        code.put("config_schema", Map.of("type", "object"));
        Manifest manifest = JavaIntrospection.manifest(
                code,
                new ManifestInstall(
                        "",
                        "",
                        "",
                        Map.of("A", "1"),
                        "",
                        "",
                        "",
                        RuntimeKind.JAVA,
                        null,
                        ".",
                        List.of("-Xmx64m"),
                        null,
                        null,
                        null));
        Path jar = Files.writeString(dir.resolve("wc-1.0.jar"), "jar");
        Path zip = dir.resolve("wc-1.0.zip");
        PluginArchives.write(zip, manifest, List.of(jar));
        return zip;
    }

    private PluginInstaller installer() {
        return new PluginInstaller(
                InstallSettings.load(dir.resolve("home"), dir.resolve("data")), List.of(new ArchivePackageInstaller()));
    }

    @Test
    void unpacksTheArchiveAndKeepsItsManifestWithTheInstallSectionFilledIn() throws IOException {
        Path zip = archive();
        assertThat(ArchivePackageInstaller.pluginName(zip)).isEqualTo("wc");
        InstallRequest request = new InstallRequest(
                "wc",
                RuntimeKind.JAVA,
                new PackageSource.LocalPath(zip),
                "/opt/jdk/bin/java",
                List.of("-Dx=1"),
                Map.of("B", "2"),
                List.of(),
                false,
                null);

        InstallOutcome outcome = installer().install(request, false, InstallProgress.NONE);

        assertThat(outcome.installer()).isEqualTo("archive");
        Manifest written = Manifests.read(dir.resolve("data/manifests/wc.json"));
        ManifestInstall install = written.install();
        assertThat(install.envDir()).isEqualTo("../envs/wc");
        assertThat(install.javaPath()).isEqualTo("/opt/jdk/bin/java");
        assertThat(install.jvmArgs()).containsExactly("-Xmx64m", "-Dx=1");
        assertThat(install.envVars()).containsEntry("A", "1").containsEntry("B", "2");
        assertThat(install.packageSource()).isEqualTo(zip.toString());
        assertThat(install.installedAt()).isNotEmpty();
        assertThat(written.configSchemaHash())
                .isEqualTo(PluginArchives.verify(zip).manifest().configSchemaHash());
        assertThat(Manifests.validate(written)).isEmpty();
        assertThat(dir.resolve("data/envs/wc/wc-1.0.jar")).hasContent("jar");

        assertThat(installer().install(request, false, InstallProgress.NONE).status())
                .isEqualTo(InstallOutcome.Status.UNCHANGED);
    }

    @Test
    void refusesAnArchiveOfAnotherPluginOrABadOne() throws IOException {
        Path zip = archive();
        assertThatThrownBy(() -> installer()
                        .install(
                                InstallRequest.of("other", RuntimeKind.JAVA, new PackageSource.LocalPath(zip)),
                                false,
                                InstallProgress.NONE))
                .hasMessageContaining("holds plugin 'wc', not 'other'");
        assertThat(dir.resolve("data/manifests/other.json")).doesNotExist();

        Path bad = Files.writeString(dir.resolve("bad.zip"), "nope");
        assertThatThrownBy(() -> installer()
                        .install(
                                InstallRequest.of("bad", RuntimeKind.JAVA, new PackageSource.LocalPath(bad)),
                                false,
                                InstallProgress.NONE))
                .isInstanceOf(PluginArchiveException.class);
    }
}
