package dev.cordon.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.model.RuntimeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginsFileTest {

    @Test
    void theOriginalsEntriesAndJavaEntriesRead() {
        String yaml = """
                plugins:
                  - name: cjm-transcription-plugin-whisper
                    env_name: cjm-whisper
                    package: git+https://github.com/cj-mills/cjm-transcription-plugin-whisper.git
                    env_file: envs/whisper.yml
                    interface_libs: [cjm-transcription-plugin-system]
                  - name: echo
                    runtime: python
                    env_name: echo
                    package: echo-plugin
                    python_version: 3.11
                  - name: java-echo
                    runtime: java
                    artifacts: ["dev.cordon.examples:echo:0.1.0"]
                    jvm_args: ["-Xmx64m"]
                """;
        List<PluginsFileEntry> entries = PluginsFile.read(yaml, "plugins.yaml");
        assertThat(entries)
                .extracting(PluginsFileEntry::runtime)
                .containsExactly(RuntimeKind.CJM, RuntimeKind.PYTHON, RuntimeKind.JAVA);
        assertThat(entries.get(0).interfaceLibs()).containsExactly("cjm-transcription-plugin-system");
        assertThat(entries.get(1).pythonVersion()).isEqualTo("3.11");
        assertThat(entries.get(2).artifacts()).containsExactly("dev.cordon.examples:echo:0.1.0");
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        String yaml = """
                plugins:
                  - name: a
                    env_name: e
                  - name: a
                    env_name: e
                    package: p
                    python_version: "3.12"
                    artifacts: [x]
                  - name: j
                    runtime: java
                    artifacts: ["not-coordinates"]
                    pakage: typo
                  - runtime: cobol
                  - just a string
                """;
        assertThat(PluginsFile.check(yaml))
                .extracting(ManifestProblem::path)
                .containsExactlyInAnyOrder(
                        "$.plugins[0].package",
                        "$.plugins[0].env_file",
                        "$.plugins[1].artifacts",
                        "$.plugins[1].name",
                        "$.plugins[2].artifacts[0]",
                        "$.plugins[2].pakage",
                        "$.plugins[3].name",
                        "$.plugins[3].runtime",
                        "$.plugins[3].env_name",
                        "$.plugins[3].package",
                        "$.plugins[3].env_file",
                        "$.plugins[4]");
    }

    @Test
    void cordonsPythonAndJavaKeysReadAndAreChecked() {
        String good = """
                plugins:
                  - name: greeter
                    runtime: python
                    package: ./greeter
                    python: /usr/bin/python3
                    entry_point: greeter.plugin:Greeter
                    system_site_packages: true
                    env_vars: {GREETING: hi}
                  - name: wordcount
                    runtime: java
                    package: com.example:wordcount:1.0
                    java: /opt/jdk/bin/java
                """;
        List<PluginsFileEntry> entries = PluginsFile.read(good, "plugins.yaml");
        assertThat(entries.get(0).interpreter()).isEqualTo("/usr/bin/python3");
        assertThat(entries.get(0).entryPoint()).isEqualTo("greeter.plugin:Greeter");
        assertThat(entries.get(0).systemSitePackages()).isTrue();
        assertThat(entries.get(0).envVars()).containsEntry("GREETING", "hi");
        assertThat(entries.get(1).packageSpec()).isEqualTo("com.example:wordcount:1.0");
        assertThat(entries.get(1).interpreter()).isEqualTo("/opt/jdk/bin/java");

        String bad = """
                plugins:
                  - name: p
                    runtime: python
                    entry_point: "not an entry point"
                    python_version: three
                    env_vars: {"1BAD": x}
                    jvm_args: [-Xmx1g]
                  - name: j
                    runtime: java
                    package: a:b:1
                    artifacts: ["a:b:1"]
                    python: /usr/bin/python3
                  - name: k
                    runtime: java
                """;
        assertThat(PluginsFile.check(bad))
                .extracting(ManifestProblem::path)
                .containsExactlyInAnyOrder(
                        "$.plugins[0].package",
                        "$.plugins[0].entry_point",
                        "$.plugins[0].python_version",
                        "$.plugins[0].env_vars.1BAD",
                        "$.plugins[0].jvm_args",
                        "$.plugins[1].artifacts",
                        "$.plugins[1].python",
                        "$.plugins[2].package");
    }

    @Test
    void malformedHostileAndEmptyFilesAreTypedErrors() {
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n".repeat(1)
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        for (String yaml : List.of(
                "",
                "plugins: [",
                "plugins:\n  - name: a\n  name: b\n",
                "plugins: 3",
                "plugins:\n  - {name: a, name: b}",
                bomb,
                "!!java.io.File [x]",
                "[".repeat(200) + "]".repeat(200))) {
            assertThat(PluginsFile.check(yaml))
                    .as(yaml.length() > 60 ? yaml.substring(0, 60) : yaml)
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.path()).startsWith("$"));
        }
        assertThatThrownBy(() -> PluginsFile.read("plugins: [", "p.yaml"))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("p.yaml is invalid")
                .hasMessageContaining("line");
    }
}
