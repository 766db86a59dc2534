package dev.cordon.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.ManifestProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries in the original's format: named in validate with the entry to write, refused one by one at install. */
class OriginalFormatTest {

    @TempDir
    Path tmp;

    private Path yaml() throws Exception {
        Path file = tmp.resolve("plugins.yaml");
        Files.writeString(file, """
                plugins:
                  - name: whisper
                    env_name: cjm-whisper
                    package: git+https://github.com/cj-mills/cjm-transcription-plugin-whisper.git
                    python_version: "3.11"
                    interface_libs: [cjm-transcription-plugin-system]
                  - name: vad
                    env_name: cjm-vad
                    package: cjm-media-plugin-silero-vad
                    env_file: vad-env.yaml
                  - name: greeter
                    runtime: python
                    package: some-requirement
                """);
        return file;
    }

    @Test
    void validateNamesEachOriginalEntryWithThePythonEntryToWriteInstead() throws Exception {
        List<ManifestProblem> problems = PluginsYaml.check(yaml());

        assertThat(problems)
                .extracting(ManifestProblem::path)
                .containsExactly("$.plugins[0].runtime", "$.plugins[1].runtime");
        assertThat(problems.get(0).message())
                .contains("plugin 'whisper'")
                .contains("no conda environments")
                .contains("{name: whisper, runtime: python, package: git+https://github.com/cj-mills/"
                        + "cjm-transcription-plugin-whisper.git, python_version: \"3.11\","
                        + " interface_libs: [cjm-transcription-plugin-system], entry_point: <module>:<PluginClass>}");
        assertThat(problems.get(1).message())
                .contains("{name: vad, runtime: python, package: cjm-media-plugin-silero-vad, entry_point:")
                .contains("pip dependencies of env_file vad-env.yaml go into interface_libs");
    }

    @Test
    void installRefusesAnOriginalEntryWithATypedErrorAndLeavesNothingBehind() throws Exception {
        PluginsYaml yaml = PluginsYaml.read(yaml());
        assertThat(yaml.requests())
                .extracting(InstallRequest::runtime)
                .containsExactly(RuntimeKind.CJM, RuntimeKind.CJM, RuntimeKind.PYTHON);
        PluginInstaller installer =
                PluginInstaller.standard(InstallSettings.load(tmp.resolve("home"), tmp.resolve("data")));

        assertThatThrownBy(() -> installer.install(yaml.requests().get(0), false, InstallProgress.NONE))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("plugin 'whisper' is in the original's format")
                .hasMessageContaining("python_version: \"3.11\"");
        assertThat(tmp.resolve("data/envs/whisper")).doesNotExist();
        assertThat(tmp.resolve("data/manifests/whisper.json")).doesNotExist();
    }
}
