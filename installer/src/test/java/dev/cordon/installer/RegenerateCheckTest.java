package dev.cordon.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A regenerated manifest passes the check an installed one does: one the runtime would skip is never written. */
class RegenerateCheckTest {

    @TempDir
    Path tmp;

    /** Installs a valid manifest; regenerates whatever {@link #next} holds. */
    private static final class Scripted implements PluginPackageInstaller {
        volatile String next;

        @Override
        public String kind() {
            return "scripted";
        }

        @Override
        public boolean handles(InstallRequest request) {
            return true;
        }

        @Override
        public Manifest install(InstallRequest request, PluginEnvironment environment, InstallContext context) {
            return manifest(environment, "Says hello");
        }

        @Override
        public Manifest regenerate(Manifest current, PluginEnvironment environment, InstallContext context) {
            return manifest(environment, next);
        }

        private static Manifest manifest(PluginEnvironment env, String description) {
            return Manifests.read("""
                    {"format_version": "2.0",
                     "install": {"python_path": "", "runtime": "java", "env_dir": "%s"},
                     "code": {"name": "hello", "version": "1.0.0", "description": "%s", "module": "",
                              "class": "org.example.Hello", "interface": "dev.cordon.api.plugin.Plugin"},
                     "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                    """.formatted(env.envDir(), description), "hello.json");
        }
    }

    @Test
    void aRegeneratedManifestTheRuntimeWouldSkipFailsAndTheInstalledOneStays() throws Exception {
        Files.createDirectories(tmp.resolve("home"));
        Scripted scripted = new Scripted();
        PluginInstaller installer =
                new PluginInstaller(InstallSettings.load(tmp.resolve("home"), tmp.resolve("data")), List.of(scripted));
        Path source = Files.createDirectories(tmp.resolve("src"));
        InstallOutcome installed = installer.install(
                InstallRequest.of("hello", RuntimeKind.JAVA, new PackageSource.LocalPath(source)),
                false,
                InstallProgress.NONE);
        String before = Files.readString(installed.environment().manifestFile());

        scripted.next = "";
        assertThatThrownBy(() -> installer.regenerate("hello", InstallProgress.NONE))
                .isInstanceOf(InstallFailedException.class)
                .hasMessageContaining("the runtime would skip it")
                .hasMessageContaining("description");
        assertThat(Files.readString(installed.environment().manifestFile())).isEqualTo(before);

        scripted.next = "Says hello again";
        assertThat(installer.regenerate("hello", InstallProgress.NONE).code().description())
                .isEqualTo("Says hello again");
        assertThat(Files.readString(installed.environment().manifestFile())).contains("Says hello again");
    }
}
