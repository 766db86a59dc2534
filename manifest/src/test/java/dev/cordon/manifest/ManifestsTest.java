package dev.cordon.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.protocol.json.CanonicalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {

    private static final String EXAMPLE = Conformance.read("example-manifest-v2.json");

    @Test
    void exampleManifestReadsAndRewritesByteIdentically() {
        Manifest manifest = Manifests.read(EXAMPLE, "example");
        assertThat(Manifests.write(manifest)).isEqualTo(EXAMPLE);
        assertThat(manifest.code().name()).isEqualTo("cjm-transcription-plugin-whisper");
        assertThat(manifest.install().effectiveRuntime()).isEqualTo(RuntimeKind.CJM);
        assertThat(manifest.code().workerEnv())
                .singleElement()
                .satisfies(e -> assertThat(e.secret()).isTrue());
        assertThat(Manifests.validate(manifest)).isEmpty();
    }

    @Test
    void exampleSchemaHashIsTheRecordedOne() {
        Manifest manifest = Manifests.read(EXAMPLE, "example");
        assertThat(CanonicalJson.hashOf(manifest.code().configSchema())).isEqualTo(manifest.configSchemaHash());
    }

    @Test
    void metaViewCarriesTaxonomyCategoryAndRuntime() {
        var meta = Manifests.toMeta(Manifests.read(EXAMPLE, "example"));
        assertThat(meta.category()).isEqualTo("Transcription");
        assertThat(meta.runtime()).isEqualTo(RuntimeKind.CJM);
        assertThat(meta.resources().requiresGpu()).isTrue();
        assertThat(meta.configSchema()).containsKey("properties");
        assertThat(Manifests.titleCase("speech_to_text".replace('_', ' '))).isEqualTo("Speech To Text");
        assertThat(Manifests.titleCase("3d mODEL")).isEqualTo("3D Model");
    }

    @Test
    void fileRoundTripIsAtomicAndIdentical(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.json");
        Manifests.write(Manifests.read(EXAMPLE, "example"), file);
        assertThat(Files.readString(file)).isEqualTo(EXAMPLE);
        assertThat(Manifests.read(file).code().className()).isEqualTo("WhisperLocalPlugin");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void flatV1ManifestIsUpgradedOnWrite() {
        String v1 = """
                {"name": "echo", "version": "1.0", "description": "Echo", "module": "echo_plugin",
                 "class": "EchoPlugin", "interface": "cjm.plugin.Echo", "python_path": "/usr/bin/python3",
                 "category": "legacy"}""";
        Manifest manifest = Manifests.read(v1, "v1");
        assertThat(manifest.formatVersion()).isEqualTo("1.0");
        assertThat(manifest.configSchemaHash()).isNull();
        String written = Manifests.write(manifest);
        assertThat(written).startsWith("{\n  \"format_version\": \"2.0\",\n  \"install\": {\n    \"python_path\"");
        Manifest again = Manifests.read(written, "upgraded");
        assertThat(again.formatVersion()).isEqualTo("2.0");
        assertThat(again.code()).isEqualTo(manifest.code());
        assertThat(Manifests.write(again)).isEqualTo(written);
    }

    @Test
    void otherFormatVersionsAreRefused() {
        for (String version : List.of("\"3.0\"", "\"1.0\"", "2.0", "null")) {
            assertThatThrownBy(() -> Manifests.read("{\"format_version\": " + version + "}", "m"))
                    .isInstanceOf(ManifestException.class)
                    .hasMessageContaining("$.format_version: unsupported format_version " + version);
        }
    }

    @Test
    void cordonInstallKeysRoundTripAndDefaultToCjm() {
        String java = EXAMPLE.replace(
                "\"package_source\": \"git+https://github.com/cj-mills/cjm-transcription-plugin-whisper.git\"",
                "\"package_source\": \"\",\n    \"runtime\": \"java\",\n    \"java_path\": \"/usr/bin/java\",\n"
                        + "    \"env_dir\": \"envs/x\",\n    \"jvm_args\": [\n      \"-Xmx64m\"\n    ],\n"
                        + "    \"classpath\": [],\n    \"module_path\": [\n      \"a.jar\"\n    ],\n"
                        + "    \"inherit_env\": false");
        Manifest manifest = Manifests.read(java, "java");
        assertThat(manifest.install().effectiveRuntime()).isEqualTo(RuntimeKind.JAVA);
        assertThat(manifest.install().modulePath()).containsExactly("a.jar");
        assertThat(Manifests.write(manifest)).isEqualTo(java);
    }

    @Test
    void validationReportsEveryProblemWithItsPath() {
        String bad = """
                {"format_version": "2.0",
                 "install": {"python_path": "", "jvm_args": ["-Xmx1g"], "env_vars": {"1BAD": "x"}},
                 "code": {"name": "", "version": "1", "description": "d", "module": "", "class": "C",
                          "interface": "NotDotted",
                          "taxonomy": {"domain": "t", "role": "", "interface_fqcn": "a.B"},
                          "config_schema": {"type": "array", "properties": {"x": 3}},
                          "worker_env": [{"name": "A"}, {"name": "A"}]},
                 "drift_tracking": {"config_schema_hash": "md5:abc"}, "overrides": {}}""";
        assertThat(Manifests.check(bad))
                .extracting(ManifestProblem::path)
                .containsExactlyInAnyOrder(
                        "$.code.name",
                        "$.code.module",
                        "$.code.interface",
                        "$.code.taxonomy.role",
                        "$.code.taxonomy.interface_fqcn",
                        "$.code.config_schema.type",
                        "$.code.config_schema.properties.x",
                        "$.code.worker_env[1].name",
                        "$.install.python_path",
                        "$.install.jvm_args",
                        "$.install.env_vars.1BAD",
                        "$.drift_tracking.config_schema_hash");
    }

    @Test
    void everySchemaKeywordTheValidatorHonoursIsTypeCheckedWhenTheManifestIsRead() {
        String schema = """
                {"type": "object", "required": ["n", 3],
                 "properties": {
                   "n": {"type": "integer", "minimum": "5", "maximum": 10, "exclusiveMaximum": true},
                   "s": {"type": "strin", "minLength": -1, "maxLength": 2.5, "pattern": "(unclosed"},
                   "e": {"enum": "a"},
                   "l": {"type": ["array", 7], "items": 4, "minItems": "1"},
                   "o": {"type": "object", "additionalProperties": {"type": "integer", "minimum": [1]},
                         "properties": {"deep": {"maxLength": "3"}}},
                   "ok": {"type": "number", "minimum": 0.5, "exclusiveMinimum": -1, "pattern": "^a+$",
                          "enum": [1, 2], "maxItems": 3}}}""";
        String manifest = """
                {"format_version": "2.0",
                 "install": {"python_path": "/usr/bin/python3"},
                 "code": {"name": "p", "version": "1", "description": "d", "module": "m", "class": "C",
                          "interface": "a.B", "config_schema": %s},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}""".formatted(schema);
        String at = "$.code.config_schema";
        assertThat(Manifests.check(manifest))
                .extracting(ManifestProblem::path)
                .containsExactlyInAnyOrder(
                        at + ".required[1]",
                        at + ".properties.n.minimum",
                        at + ".properties.n.exclusiveMaximum",
                        at + ".properties.s.type",
                        at + ".properties.s.minLength",
                        at + ".properties.s.maxLength",
                        at + ".properties.s.pattern",
                        at + ".properties.e.enum",
                        at + ".properties.l.type[1]",
                        at + ".properties.l.items",
                        at + ".properties.l.minItems",
                        at + ".properties.o.additionalProperties.minimum",
                        at + ".properties.o.properties.deep.maxLength");
        assertThatThrownBy(() -> Manifests.readValid(manifest, "m.json"))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining(at + ".properties.n.minimum")
                .hasMessageContaining("must be a number");
    }

    @Test
    void javaRuntimeNeedsJarsButNoPythonOrModule() {
        String java = """
                {"format_version": "2.0", "install": {"runtime": "java"},
                 "code": {"name": "j", "version": "1", "description": "d", "class": "com.example.Echo",
                          "interface": "dev.cordon.api.plugin.Plugin"}}""";
        assertThat(Manifests.check(java))
                .extracting(ManifestProblem::toString)
                .containsExactly(
                        "$.install.classpath: a java plugin needs its jars: set classpath, module_path or env_dir");
    }

    @Test
    void wrongTypesAreAllReportedWithPaths() {
        String bad = """
                {"format_version": "2.0", "install": {"python_path": 3, "runtime": "ruby", "env_vars": []},
                 "code": {"name": ["x"], "resources": {"requires_gpu": "yes", "platforms": ["a", 1],
                          "min_gpu_vram_mb": -5}, "worker_env": [{"name": "K", "secret": true, "default": "v"}, 7]},
                 "overrides": []}""";
        assertThatThrownBy(() -> Manifests.read(bad, "bad.json"))
                .isInstanceOfSatisfying(
                        ManifestException.class,
                        e -> assertThat(e.problems())
                                .extracting(ManifestProblem::path)
                                .containsExactlyInAnyOrder(
                                        "$.install.python_path",
                                        "$.install.runtime",
                                        "$.install.env_vars",
                                        "$.code.name",
                                        "$.code.resources.requires_gpu",
                                        "$.code.resources.platforms[1]",
                                        "$.code.resources.min_gpu_vram_mb",
                                        "$.code.worker_env[0].default",
                                        "$.code.worker_env[1]",
                                        "$.overrides"))
                .hasMessageStartingWith("bad.json is invalid (10 problems)");
    }

    @Test
    void malformedTruncatedAndNonObjectTextsAreTypedErrors() {
        for (String text : List.of(
                "",
                "{",
                EXAMPLE.substring(0, EXAMPLE.length() / 2),
                "[]",
                "\"x\"",
                "nul",
                "{\"format_version\": \"2.0\",}",
                "{\"a\":1}{")) {
            assertThatThrownBy(() -> Manifests.read(text, "t")).as(text).isInstanceOf(ManifestException.class);
            assertThat(Manifests.check(text))
                    .as(text)
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.path()).startsWith("$"));
        }
    }

    @Test
    void deeplyNestedAndHugeManifestsAreRefusedWithAPath() {
        String deep = "{\"format_version\": \"2.0\", \"overrides\": " + "[".repeat(500) + "]".repeat(500) + "}";
        assertThat(Manifests.check(deep))
                .singleElement()
                .satisfies(p -> assertThat(p.path()).startsWith("$.overrides"));
        String huge = "{\"x\": \"" + "a".repeat(17 * 1024 * 1024) + "\"}";
        assertThat(Manifests.check(huge))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("exceeds the limit"));
    }
}
