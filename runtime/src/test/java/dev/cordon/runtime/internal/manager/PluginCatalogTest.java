package dev.cordon.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginCatalogTest {

    @TempDir
    Path dir;

    private static void manifest(Path folder, String file, String name) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(file), """
                {"format_version": "2.0",
                 "install": {"python_path": "/usr/bin/python3", "runtime": "python"},
                 "code": {"name": "%s", "version": "1.0.0", "description": "from %s", "module": "m", "class": "C",
                          "interface": "pkg.Iface"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(name, file));
    }

    @Test
    void theFirstFolderWinsANameClashAndTheLoserIsReported() throws IOException {
        manifest(dir.resolve("a"), "one.json", "alpha");
        manifest(dir.resolve("b"), "two.json", "alpha");
        manifest(dir.resolve("b"), "three.json", "beta");
        PluginCatalog catalog = new PluginCatalog(List.of(dir.resolve("a"), dir.resolve("b")), dir.resolve("deploy"));

        assertThat(catalog.scan()).extracting(DiscoveredPlugin::name).containsExactly("alpha", "beta");
        assertThat(catalog.get("alpha").orElseThrow().meta().description()).isEqualTo("from one.json");
        assertThat(catalog.problems()).singleElement().satisfies(p -> {
            assertThat(p.file().getFileName().toString()).isEqualTo("two.json");
            assertThat(p.reason()).contains("already defined by").contains("one.json");
        });
    }

    @Test
    void unreadableAndInvalidFilesAreSkippedWithTheirReason() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("m"));
        Files.writeString(folder.resolve("broken.json"), "{\"format_version\": ");
        Files.writeString(folder.resolve("empty-name.json"), """
                {"format_version": "2.0", "install": {"python_path": "/p", "runtime": "python"},
                 "code": {"name": "", "version": "1", "description": "", "module": "m", "class": "C",
                          "interface": "pkg.I"}, "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """);
        Files.writeString(folder.resolve("notes.txt"), "ignored: not a manifest name");
        PluginCatalog catalog = new PluginCatalog(List.of(folder), dir.resolve("deploy"));

        assertThat(catalog.scan()).isEmpty();
        assertThat(catalog.problems()).extracting(p -> p.file().getFileName().toString())
                .containsExactlyInAnyOrder("broken.json", "empty-name.json");
        assertThat(catalog.problems()).allSatisfy(p -> assertThat(p.reason()).startsWith("invalid manifest: $"));
    }

    @Test
    void deployManifestsComeAfterTheSearchPathsAndLeaveWhenRemoved() throws IOException {
        manifest(dir.resolve("m"), "alpha.json", "alpha");
        Path deploy = dir.resolve("deploy");
        PluginCatalog catalog = new PluginCatalog(List.of(dir.resolve("m")), deploy);
        catalog.scan();
        manifest(deploy, "gamma.json", "gamma");
        manifest(deploy, "alpha-again.json", "alpha");

        catalog.deployed(deploy.resolve("gamma.json"));

        assertThat(catalog.isDeployManifest(deploy.resolve("gamma.json"))).isTrue();
        assertThat(catalog.isDeployManifest(dir.resolve("m").resolve("alpha.json"))).isFalse();
        assertThat(catalog.get("gamma").orElseThrow().fromDeploy()).isTrue();
        assertThat(catalog.get("alpha").orElseThrow().fromDeploy()).isFalse();
        Files.delete(deploy.resolve("gamma.json"));
        assertThat(catalog.undeployed(deploy.resolve("gamma.json"))).contains("gamma");
        assertThat(catalog.get("gamma")).isEmpty();
        assertThat(catalog.undeployed(deploy.resolve("alpha-again.json"))).as("it never won the name").isEmpty();
    }

    @Test
    void driftIsShownOnTheMetadataUntilCleared() throws IOException {
        manifest(dir.resolve("m"), "alpha.json", "alpha");
        PluginCatalog catalog = new PluginCatalog(List.of(dir.resolve("m")), dir.resolve("deploy"));
        catalog.scan();

        catalog.drift("alpha", Map.of("type", "object"));
        assertThat(catalog.get("alpha").orElseThrow().meta().configSchemaDrift()).isTrue();
        assertThat(catalog.get("alpha").orElseThrow().meta().liveConfigSchema()).contains(Map.of("type", "object"));

        catalog.drift("alpha", null);
        assertThat(catalog.get("alpha").orElseThrow().meta().configSchemaDrift()).isFalse();
    }
}
