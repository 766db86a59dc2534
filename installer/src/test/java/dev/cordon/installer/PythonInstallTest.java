package dev.cordon.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginNotFoundError;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.Manifests;
import dev.cordon.protocol.json.CanonicalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real virtual environments and pip runs (offline, from a local package folder), and introspection through the
 * Python worker's script; one environment is installed once and reused by the ordered steps that follow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonInstallTest {

    @TempDir
    static Path tmp;

    static PluginInstaller installer;
    static Path source;
    static final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    static final InstallProgress RECORD = new InstallProgress() {
        @Override
        public void step(String plugin, String description) {
            steps.add(plugin + ": " + description);
        }

        @Override
        public void transfer(String plugin, String what, long done, long total) {}
    };

    @BeforeAll
    static void setUp() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        System.setProperty(
                "cordon.worker.python",
                Path.of("../worker-python/cordon_worker.py")
                        .toAbsolutePath()
                        .normalize()
                        .toString());
        installer = PluginInstaller.standard(InstallSettings.load(home, tmp.resolve("data")));
        source = PythonPackages.greeter(tmp.resolve("greeter-src"), "greeter-plugin", "hello");
    }

    static InstallRequest request() {
        return new InstallRequest(
                "greeter",
                RuntimeKind.PYTHON,
                new PackageSource.LocalPath(source),
                "/usr/bin/python3",
                List.of(),
                Map.of("GREETER_MODE", "loud"),
                List.of(),
                false,
                null);
    }

    @Test
    @Order(1)
    void installsAFolderIntoAVirtualEnvironmentAndWritesAValidManifest() throws Exception {
        InstallOutcome outcome = installer.install(request(), false, RECORD);

        assertThat(outcome.status()).isEqualTo(InstallOutcome.Status.INSTALLED);
        assertThat(outcome.installer()).isEqualTo("python");
        Path envDir = tmp.resolve("data/envs/greeter");
        Manifest written = Manifests.read(tmp.resolve("data/manifests/greeter.json"));
        assertThat(Manifests.validate(written)).isEmpty();
        assertThat(written.install().pythonPath())
                .isEqualTo(envDir.resolve("bin/python").toString());
        assertThat(written.install().effectiveRuntime()).isEqualTo(RuntimeKind.PYTHON);
        assertThat(written.install().envVars()).containsEntry("GREETER_MODE", "loud");
        assertThat(written.code().module()).isEqualTo("greeter_plugin.plugin");
        assertThat(written.code().className()).isEqualTo("Greeter");
        assertThat(written.code().version()).isEqualTo("1.2.0");
        @SuppressWarnings("unchecked")
        Map<String, Object> greeting = (Map<String, Object>)
                ((Map<String, Object>) written.code().configSchema().get("properties")).get("greeting");
        assertThat(greeting).containsEntry("default", "hello").containsEntry("description", "The greeting");
        assertThat(written.configSchemaHash())
                .isEqualTo(CanonicalJson.hashOf(written.code().configSchema()));
        assertThat(steps)
                .anyMatch(s -> s.contains("creating a virtual environment"))
                .anyMatch(s -> s.contains("introspecting"));
        // The source folder is never written to: the build ran on a copy.
        try (var files = Files.list(source)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("pyproject.toml", "greeter_plugin");
        }
        assertThat(envDir.resolve(".build")).doesNotExist();
    }

    @Test
    @Order(2)
    void theSameRequestAgainChangesNothing() throws Exception {
        Path manifest = tmp.resolve("data/manifests/greeter.json");
        String before = Files.readString(manifest);

        InstallOutcome again = installer.install(request(), false, RECORD);

        assertThat(again.status()).isEqualTo(InstallOutcome.Status.UNCHANGED);
        assertThat(Files.readString(manifest)).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aChangedSourceIsReinstalledAndAFailedReinstallKeepsTheEarlierOne() throws Exception {
        PythonPackages.greeter(source, "greeter-plugin", "bonjour");
        InstallOutcome changed = installer.install(request(), false, RECORD);
        assertThat(changed.status()).isEqualTo(InstallOutcome.Status.REINSTALLED);
        assertThat(changed.manifest().code().configSchema().toString()).contains("bonjour");

        Files.writeString(source.resolve("greeter_plugin/plugin.py"), "raise ImportError('broken on purpose')\n");
        assertThatThrownBy(() -> installer.install(request(), true, RECORD))
                .isInstanceOf(InstallFailedException.class)
                .hasMessageContaining("Introspecting 'greeter' failed")
                .hasMessageContaining("broken on purpose");
        assertThat(Manifests.read(tmp.resolve("data/manifests/greeter.json"))
                        .code()
                        .configSchema()
                        .toString())
                .contains("bonjour");
        assertThat(tmp.resolve("data/envs/greeter/bin/python")).exists();
    }

    @Test
    @Order(4)
    void regeneratesTheCodeSectionAndListsAndRemoves() {
        Manifest fresh = installer.regenerate("greeter", RECORD);
        assertThat(fresh.code().regeneratedAt()).isNotNull();
        assertThat(installer.list()).singleElement().satisfies(p -> {
            assertThat(p.environment().name()).isEqualTo("greeter");
            assertThat(p.installer()).isEqualTo("python");
        });

        installer.remove("greeter");

        assertThat(tmp.resolve("data/envs/greeter")).doesNotExist();
        assertThat(tmp.resolve("data/manifests/greeter.json")).doesNotExist();
        assertThatThrownBy(() -> installer.remove("greeter")).isInstanceOf(PluginNotFoundError.class);
    }
}
