package dev.cordon.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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

    /** A manifest whose taxonomy has {@code role}; {@code canonical} sets overrides.canonical_for_role. */
    private static void withRole(Path folder, String name, String role, boolean canonical) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name + ".json"), """
                {"format_version": "2.0",
                 "install": {"python_path": "/usr/bin/python3", "runtime": "python"},
                 "code": {"name": "%s", "version": "1.0.0", "description": "a %s", "module": "m", "class": "C",
                          "interface": "pkg.%s",
                          "taxonomy": {"domain": "graph", "role": "%s", "interface_fqcn": "pkg.%s"}},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": %s}
                """.formatted(
                        name, role, role, role, role, canonical ? "{\"canonical_for_role\": true}" : "{}"));
    }

    @Test
    void theCanonicalPluginOfARoleIsItsOnlyImplementationOrTheOneMarked() throws IOException {
        Path folder = dir.resolve("m");
        withRole(folder, "graph-store", "GraphStorePlugin", false);
        withRole(folder, "whisper", "TranscriptionPlugin", false);
        withRole(folder, "voxtral", "TranscriptionPlugin", false);
        withRole(folder, "ocr-a", "OcrPlugin", true);
        withRole(folder, "ocr-b", "OcrPlugin", false);
        PluginCatalog catalog = new PluginCatalog(List.of(folder), dir.resolve("deploy"));
        catalog.scan();
        List<ILoggingEvent> logged = capture();

        assertThat(catalog.canonicalFor("GraphStorePlugin"))
                .map(DiscoveredPlugin::name)
                .hasValue("graph-store");
        assertThat(catalog.canonicalFor("OcrPlugin"))
                .map(DiscoveredPlugin::name)
                .hasValue("ocr-a");
        assertThat(catalog.canonicalFor("NoSuchPlugin")).isEmpty();
        assertThat(logged).as("absence is a normal outcome, not a warning").isEmpty();

        assertThat(catalog.canonicalFor("TranscriptionPlugin")).isEmpty();
        assertThat(logged).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage())
                    .contains("'TranscriptionPlugin'")
                    .contains("voxtral, whisper");
        });
    }

    @Test
    void severalMarkedCanonicalForOneRoleMeansNone() throws IOException {
        Path folder = dir.resolve("m");
        withRole(folder, "ocr-a", "OcrPlugin", true);
        withRole(folder, "ocr-b", "OcrPlugin", true);
        PluginCatalog catalog = new PluginCatalog(List.of(folder), dir.resolve("deploy"));
        catalog.scan();
        List<ILoggingEvent> logged = capture();

        assertThat(catalog.canonicalFor("OcrPlugin")).isEmpty();
        assertThat(logged)
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage())
                        .contains("ocr-a, ocr-b")
                        .contains("2 of them set overrides.canonical_for_role"));
    }

    @Test
    void aSkippedManifestIsReportedOncePerChangeOfItsFile() throws IOException {
        Path folder = dir.resolve("m");
        manifest(folder, "good.json", "good");
        Files.writeString(folder.resolve("broken.json"), "{\"format_version\": ");
        PluginCatalog catalog = new PluginCatalog(List.of(folder), dir.resolve("deploy"));
        List<ILoggingEvent> logged = capture();

        catalog.scan();
        catalog.scan();
        catalog.deployed(dir.resolve("deploy").resolve("other.json"));
        assertThat(logged)
                .as("three scans, one report")
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("broken.json"));
        assertThat(catalog.problems()).hasSize(1);

        Files.writeString(folder.resolve("broken.json"), "{\"format_version\": \"2.0\"");
        catalog.scan();
        assertThat(logged).as("the file changed: reported again").hasSize(2);

        Files.delete(folder.resolve("broken.json"));
        catalog.scan();
        Files.writeString(folder.resolve("broken.json"), "{\"format_version\": ");
        catalog.scan();
        assertThat(logged).as("fixed (gone), then broken again: reported again").hasSize(3);
    }

    /** Collects what the catalog logs from now on, until the test class's next capture. */
    private static List<ILoggingEvent> capture() {
        Logger logger = (Logger) LoggerFactory.getLogger(PluginCatalog.class);
        logger.detachAndStopAllAppenders();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender.list;
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
        Files.writeString(folder.resolve("notes.txt"), "not a manifest");
        PluginCatalog catalog = new PluginCatalog(List.of(folder), dir.resolve("deploy"));

        assertThat(catalog.scan()).isEmpty();
        assertThat(catalog.problems())
                .extracting(p -> p.file().getFileName().toString())
                .containsExactlyInAnyOrder("broken.json", "empty-name.json", "notes.txt");
        assertThat(catalog.problems())
                .filteredOn(p -> p.file().toString().endsWith(".json"))
                .allSatisfy(p -> assertThat(p.reason()).startsWith("invalid manifest: $"));
        assertThat(catalog.problems())
                .filteredOn(p -> p.file().endsWith("notes.txt"))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).startsWith("ignored: not a manifest"));
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
        assertThat(catalog.isDeployManifest(dir.resolve("m").resolve("alpha.json")))
                .isFalse();
        assertThat(catalog.get("gamma").orElseThrow().fromDeploy()).isTrue();
        assertThat(catalog.get("alpha").orElseThrow().fromDeploy()).isFalse();
        Files.delete(deploy.resolve("gamma.json"));
        assertThat(catalog.undeployed(deploy.resolve("gamma.json"))).contains("gamma");
        assertThat(catalog.get("gamma")).isEmpty();
        assertThat(catalog.undeployed(deploy.resolve("alpha-again.json")))
                .as("it never won the name")
                .isEmpty();
    }

    @Test
    void driftIsShownOnTheMetadataUntilCleared() throws IOException {
        manifest(dir.resolve("m"), "alpha.json", "alpha");
        PluginCatalog catalog = new PluginCatalog(List.of(dir.resolve("m")), dir.resolve("deploy"));
        catalog.scan();

        catalog.drift("alpha", Map.of("type", "object"));
        assertThat(catalog.get("alpha").orElseThrow().meta().configSchemaDrift())
                .isTrue();
        assertThat(catalog.get("alpha").orElseThrow().meta().liveConfigSchema()).contains(Map.of("type", "object"));

        catalog.drift("alpha", null);
        assertThat(catalog.get("alpha").orElseThrow().meta().configSchemaDrift())
                .isFalse();
    }

    @Test
    void aManifestInAPluginsOwnSubfolderIsDiscoveredAndAnythingElseIsReportedAsIgnored() throws IOException {
        Path folder = dir.resolve("m");
        manifest(folder, "alpha.json", "alpha");
        manifest(folder.resolve("beta"), "manifest.json", "beta");
        Files.createDirectories(folder.resolve("empty"));
        Files.writeString(folder.resolve("gamma.yaml"), "name: gamma");
        Files.writeString(folder.resolve("README.txt"), "manifests go here");
        PluginCatalog catalog = new PluginCatalog(List.of(folder), dir.resolve("deploy"));

        catalog.scan();

        assertThat(catalog.plugins()).extracting(DiscoveredPlugin::name).containsExactly("alpha", "beta");
        assertThat(catalog.get("beta").orElseThrow().file()).isEqualTo(folder.resolve("beta/manifest.json"));
        assertThat(catalog.problems())
                .extracting(p -> p.file().getFileName().toString())
                .containsExactlyInAnyOrder("empty", "gamma.yaml");
        assertThat(catalog.problems()).allSatisfy(p -> assertThat(p.reason()).startsWith("ignored:"));
    }
}
