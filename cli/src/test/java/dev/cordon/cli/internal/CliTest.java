package dev.cordon.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.boot.CordonHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands in-process on a real home and data folder: files, the secrets file, exit codes and output. */
class CliTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        out.reset();
        err.reset();
        CliContext context = new CliContext(
                CordonHome.standard(tmp.resolve("home")).withData(tmp.resolve("data")),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                null);
        return CordonCommand.execute(args, context);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validateNamesEveryProblemOfAManifestWithItsPath() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, """
                {"format_version": "2.0",
                 "install": {"runtime": "python", "jvm_args": ["-Xmx1g"]},
                 "code": {"name": "x", "version": "1", "class": "C", "interface": "nodots",
                          "worker_env": [{"name": "1BAD"}]},
                 "drift_tracking": {"config_schema_hash": "md5:abc"}}
                """);

        assertThat(run("", "validate", broken.toString())).isEqualTo(ExitCodes.INVALID);

        assertThat(out())
                .contains("$.code.description: ")
                .contains("$.code.module: ")
                .contains("$.code.interface: ")
                .contains("$.code.worker_env[0].name: ")
                .contains("$.install.python_path: ")
                .contains("$.install.jvm_args: ")
                .contains("$.drift_tracking.config_schema_hash: ")
                .contains("7 problems");
    }

    @Test
    void validatePrintsTheSchemaHashOfAValidManifestAndCatchesARecordedHashThatDiffers() throws Exception {
        String manifest = """
                {"format_version": "2.0",
                 "install": {"runtime": "python", "python_path": "/usr/bin/python3"},
                 "code": {"name": "x", "version": "1", "description": "d", "module": "m", "class": "C",
                          "interface": "cordon_plugin.CordonPlugin",
                          "config_schema": {"type": "object", "properties": {"n": {"type": "integer", "default": 3}}}},
                 "drift_tracking": {"config_schema_hash": "%s"}}
                """;
        Path good = tmp.resolve("good.json");
        String hash = dev.cordon.protocol.json.CanonicalJson.hash(
                "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\", \"default\": 3}}}");
        Files.writeString(good, manifest.formatted(hash));
        assertThat(run("", "validate", good.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out()).contains("config_schema_hash " + hash);

        Files.writeString(good, manifest.formatted("sha256:" + "0".repeat(64)));
        assertThat(run("", "validate", good.toString(), "--json")).isEqualTo(ExitCodes.INVALID);
        assertThat(out())
                .contains("\"path\": \"$.drift_tracking.config_schema_hash\"")
                .contains("\"valid\": false");
    }

    @Test
    void validateChecksPluginsFilesIncludingLocalPackagesThatDoNotExist() throws Exception {
        Path yaml = tmp.resolve("plugins.yaml");
        Files.writeString(yaml, """
                plugins:
                  - name: greeter
                    runtime: python
                    package: ./nowhere
                  - name: "bad/name"
                    runtime: python
                    package: some-requirement
                  - name: j
                    runtime: java
                    jvm_arg: [-Xmx1g]
                """);
        assertThat(run("", "validate", yaml.toString())).isEqualTo(ExitCodes.INVALID);
        assertThat(out()).contains("$.plugins[2].jvm_arg: ").contains("$.plugins[2].package: ");

        Files.writeString(yaml, """
                plugins:
                  - name: greeter
                    runtime: python
                    package: ./nowhere
                  - name: "bad/name"
                    runtime: python
                    package: some-requirement
                """);
        assertThat(run("", "validate", yaml.toString())).isEqualTo(ExitCodes.INVALID);
        assertThat(out())
                .contains("$.plugins[0].package: './nowhere' is a local path")
                .contains("$.plugins[1].name: ");
    }

    @Test
    void aSecretComesFromStdinIsStoredOwnerOnlyAndOnlyItsNameIsEverPrinted() throws Exception {
        String value = "s3cr3t-value-" + System.nanoTime();

        assertThat(run(value + "\nmore lines are not read\n", "set-secret", "whisper", "HF_TOKEN", "--stdin"))
                .isEqualTo(ExitCodes.OK);
        assertThat(out() + err()).doesNotContain(value).contains("HF_TOKEN");

        Path file = tmp.resolve("data/secrets/secrets.json");
        assertThat(Files.readString(file)).contains(value).doesNotContain("more lines");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        assertThat(run("", "list-secrets", "whisper", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out()).contains("HF_TOKEN").doesNotContain(value);
    }

    @Test
    void listSecretsWithoutAPluginListsEveryStoredKeyOfPluginsInstalledOrNot() {
        assertThat(run("v1\n", "set-secret", "whisper", "HF_TOKEN", "--stdin")).isEqualTo(ExitCodes.OK);
        assertThat(run("v2\n", "set-secret", "llm", "API_KEY", "--stdin")).isEqualTo(ExitCodes.OK);
        assertThat(run("v3\n", "set-secret", "llm", "ORG", "--stdin")).isEqualTo(ExitCodes.OK);

        assertThat(run("", "list-secrets", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out().replaceAll("\\s+", ""))
                .isEqualTo("{\"llm\":[\"API_KEY\",\"ORG\"],\"whisper\":[\"HF_TOKEN\"]}");
        assertThat(run("", "list-secrets")).isEqualTo(ExitCodes.OK);
        assertThat(out())
                .contains("whisper")
                .contains("HF_TOKEN")
                .contains("ORG")
                .doesNotContain("v1");
    }

    @Test
    void withoutATerminalASecretNeedsStdinAndARemovalNeedsYes() {
        assertThat(run("", "set-secret", "whisper", "HF_TOKEN")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--stdin");
        assertThat(run("", "set-secret", "whisper", "not a name", "--stdin")).isEqualTo(ExitCodes.INVALID);

        assertThat(run("", "remove", "whisper")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("-y");
        assertThat(run("", "remove", "whisper", "-y")).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void installWithoutWhatToInstallIsAUsageErrorAndAnUnknownEntryIsNamed() throws Exception {
        assertThat(run("", "install")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("", "install", "--bogus")).isEqualTo(ExitCodes.USAGE);
        Path yaml = tmp.resolve("plugins.yaml");
        Files.writeString(yaml, "plugins:\n  - {name: a, runtime: python, package: some-req}\n");
        assertThat(run("", "install", "b", "-f", yaml.toString())).isEqualTo(ExitCodes.INVALID);
        assertThat(err()).contains("'b' is not an entry").contains("[a]");
    }

    @Test
    void newPythonWritesAProjectWhoseManifestParts() throws Exception {
        Path dir = tmp.resolve("wc");
        assertThat(run("", "new", "python", "word-count", "--dir", dir.toString()))
                .isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(dir.resolve("pyproject.toml")))
                .contains("[project.entry-points.\"cordon.plugins\"]")
                .contains("word-count = \"word_count.plugin:WordCountPlugin\"");
        assertThat(Files.readString(dir.resolve("word_count/plugin.py"))).contains("config_class = WordCountConfig");
        assertThat(dir.resolve("tests/test_plugin.py")).exists();
        assertThat(out()).contains("cordon install --package ./wc");

        assertThat(run("", "new", "python", "word-count", "--dir", dir.toString()))
                .isEqualTo(ExitCodes.INVALID);
        assertThat(run("", "new", "cobol", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("", "new", "python", "Bad_Name")).isEqualTo(ExitCodes.INVALID);
    }

    @Test
    void listAndEstimateSizeOnAnEmptyDataFolder() {
        assertThat(run("", "list", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out().strip()).isEqualTo("[]");
        assertThat(run("", "estimate-size")).isEqualTo(ExitCodes.OK);
        assertThat(out()).contains("total");
    }
}
