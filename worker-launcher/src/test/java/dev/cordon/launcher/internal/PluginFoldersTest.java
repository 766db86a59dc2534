package dev.cordon.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginFoldersTest {

    @TempDir
    Path data;

    @Test
    void everyWorkerGetsItsOwnDataFolderAndTheSharedModelsFolder() throws Exception {
        PluginFolders folders = PluginFolders.of(null, null, data.toString());

        Map<String, String> env = folders.variables("whisper", RuntimeKind.PYTHON);

        Path own = data.resolve("plugin-data/whisper");
        assertThat(env)
                .containsExactly(
                        Map.entry("CORDON_PLUGIN_DATA_DIR", own.toString()),
                        Map.entry("CORDON_MODELS_DIR", data.resolve("models").toString()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own)))
                .isEqualTo("rwx------");
        assertThat(data.resolve("models")).isDirectory();
    }

    @Test
    void workersOfTheOriginalLibraryAlsoGetTheNamesItReads() {
        PluginFolders folders = PluginFolders.of(
                data.resolve("pd").toString(), data.resolve("m").toString(), "/elsewhere");

        Map<String, String> env = folders.variables("whisper", RuntimeKind.CJM);

        assertThat(env)
                .containsEntry(
                        "CORDON_PLUGIN_DATA_DIR", data.resolve("pd/whisper").toString())
                .containsEntry("CJM_DATA_DIR", data.resolve("pd").toString())
                .containsEntry("CJM_PLUGIN_DATA_DIR", data.resolve("pd").toString())
                .containsEntry("CJM_MODELS_DIR", data.resolve("m").toString());
    }

    @Test
    void noneTurnsAFolderOffAndANameCannotEscapeTheRoot() {
        assertThat(PluginFolders.of("none", "none", data.toString()).variables("x", RuntimeKind.CJM))
                .isEmpty();
        assertThatThrownBy(() -> PluginFolders.of(null, "none", data.toString()).variables("../x", RuntimeKind.JAVA))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLauncherPutsThemIntoTheWorkerEnvironmentOverTheManifestsOwn() {
        Manifest manifest = Manifests.readValid("""
                {"format_version": "2.0",
                 "install": {"python_path": "/usr/bin/python3", "runtime": "python",
                             "env_vars": {"CORDON_MODELS_DIR": "/not/here", "OTHER": "kept"}},
                 "code": {"name": "whisper", "version": "1", "description": "d", "module": "m", "class": "C",
                          "interface": "cordon_plugin.CordonPlugin"}}
                """, "whisper.json");
        Map<String, String> env;
        try (ProcessWorkerLauncher launcher =
                new ProcessWorkerLauncher(LauncherSettings.from(Map.of("cordon.data", data.toString())::get))) {
            env = launcher.environment(manifest, Map.of(), "whisper", data.resolve("w.log"));
        }

        assertThat(env)
                .containsEntry("CORDON_MODELS_DIR", data.resolve("models").toString())
                .containsEntry(
                        "CORDON_PLUGIN_DATA_DIR",
                        data.resolve("plugin-data/whisper").toString())
                .containsEntry("OTHER", "kept")
                .doesNotContainKey("CJM_DATA_DIR");
    }
}
