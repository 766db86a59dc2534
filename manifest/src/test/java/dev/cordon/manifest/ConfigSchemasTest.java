package dev.cordon.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginConfigError;
import dev.cordon.api.plugin.ReloadTriggers;
import dev.cordon.api.plugin.Schema;
import dev.cordon.manifest.config.ConfigRecords;
import dev.cordon.manifest.config.ConfigSchemas;
import dev.cordon.manifest.config.ConfigValidator;
import dev.cordon.manifest.config.ConfigValidator.UnknownKeys;
import dev.cordon.protocol.json.CanonicalJson;
import dev.cordon.protocol.json.PlainJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ConfigSchemasTest {

    @Schema.Description("Configuration for local Whisper transcription")
    public record WhisperConfig(
            @Schema.Title("Model")
            @Schema.EnumValues({"tiny", "base", "small", "medium", "large-v3"})
            @Schema.ReloadTrigger("model")
            String model,

            @Schema.Title("Device") @Schema.EnumValues({"auto", "cpu", "cuda"}) @Schema.ReloadTrigger("model")
            String device,

            @Schema.Title("Temperature") @Schema.Minimum(0) @Schema.Maximum(1)
            double temperature,

            @Schema.Description("ISO code; None = auto-detect")
            Optional<String> language) {

        public static WhisperConfig defaults() {
            return new WhisperConfig("base", "auto", 0.0, Optional.empty());
        }
    }

    public enum Mode {
        FAST,
        SLOW;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    public record Limits(@Schema.Minimum(1) int retries, List<String> hosts) {}

    public record Rich(
            @Schema.MinLength(2) @Schema.MaxLength(5) @Schema.Pattern("^[a-z]+$") @Schema.Format("slug")
            String slug,

            Mode mode,
            List<Integer> sizes,
            Limits limits,
            Map<String, Double> weights,
            Optional<Limits> extra,
            long required) {

        public static Rich defaults() {
            return new Rich(
                    "abc", Mode.FAST, List.of(1, 2), new Limits(3, List.of("h")), Map.of(), Optional.empty(), 0);
        }
    }

    public record NoDefaults(String name, Optional<Integer> count) {}

    @Test
    void aNonFiniteValueHasNoJsonFormAndIsRefused() {
        assertThatThrownBy(() -> ConfigRecords.toJson(Map.of("n", Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> ConfigRecords.toJson(OptionalDouble.of(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigRecords.toJson(List.of(Float.NEGATIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ConfigRecords.toJson(List.of(1.5f, 2.5))).isEqualTo(List.of(1.5, 2.5));
    }

    /**
     * A value that already is plain JSON is written out as it is, without a copy; any other is copied by toJson; both
     * give the same text, and a non-finite number is refused either way.
     */
    @Test
    void asJsonSharesAPlainValueAndCopiesAnyOtherToTheSameText() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("i", 3L);
        plain.put("n", 7);
        plain.put("list", List.of("a", true, 1.5, Map.of("deep", List.of()), java.math.BigInteger.TEN));
        plain.put("none", null);
        assertThat(ConfigRecords.asJson(plain)).isSameAs(plain);

        Map<String, Object> mixed = new LinkedHashMap<>(plain);
        mixed.put("record", new Limits(3, List.of("h")));
        mixed.put("mode", Mode.FAST);
        mixed.put("set", new java.util.TreeSet<>(List.of(2, 1)));
        mixed.put("float", 1.25f);
        mixed.put("opt", Optional.of("x"));
        Object copied = ConfigRecords.asJson(mixed);
        assertThat(copied).isNotSameAs(mixed);
        assertThat(PlainJson.compact(copied)).isEqualTo(PlainJson.compact(ConfigRecords.toJson(mixed)));
        assertThat(PlainJson.compact(ConfigRecords.asJson(plain)))
                .isEqualTo(PlainJson.compact(ConfigRecords.toJson(plain)));
        assertThat(ConfigRecords.asJson(Map.of(1, "non-string key"))).isEqualTo(Map.of("1", "non-string key"));

        assertThatThrownBy(() -> ConfigRecords.asJson(Map.of("n", List.of(Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
    }

    @Test
    void whisperRecordDerivesTheOriginalSchemaByteForByte() {
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest =
                (Map<String, Object>) PlainJson.parse(Conformance.read("example-manifest-v2.json"));
        @SuppressWarnings("unchecked")
        Object original = ((Map<String, Object>) manifest.get("code")).get("config_schema");
        assertThat(CanonicalJson.canonicalOf(ConfigSchemas.derive(WhisperConfig.class)))
                .isEqualTo(CanonicalJson.canonicalOf(original));
        assertThat(CanonicalJson.hashOf(ConfigSchemas.derive(WhisperConfig.class)))
                .isEqualTo("sha256:df5a594a34b99a2be1f039fb084ba79aa164fa0bb5aae83aed1de2bd0ec06056");
    }

    @Test
    void nestedRecordsEnumsListsMapsAndOptionalsHaveTheirOwnSchemas() {
        Map<String, Object> schema = ConfigSchemas.derive(Rich.class);
        assertThat(CanonicalJson.canonicalOf(schema.get("properties"))).isEqualTo(CanonicalJson.canonical("""
                {"slug": {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[a-z]+$", "format": "slug",
                          "default": "abc"},
                 "mode": {"type": "string", "enum": ["fast", "slow"], "default": "fast"},
                 "sizes": {"type": "array", "items": {"type": "integer"}, "default": [1, 2]},
                 "limits": {"type": "object", "properties": {"retries": {"type": "integer", "minimum": 1},
                            "hosts": {"type": "array", "items": {"type": "string"}}},
                            "required": ["retries", "hosts"], "default": {"retries": 3, "hosts": ["h"]}},
                 "weights": {"type": "object", "additionalProperties": {"type": "number"}, "default": {}},
                 "extra": {"type": ["object", "null"], "properties": {"retries": {"type": "integer", "minimum": 1},
                           "hosts": {"type": "array", "items": {"type": "string"}}},
                           "required": ["retries", "hosts"], "default": null},
                 "required": {"type": "integer", "default": 0}}"""));
        assertThat(schema).doesNotContainKey("required");
    }

    @Test
    void componentsWithoutDefaultsAreRequired() {
        Map<String, Object> schema = ConfigSchemas.derive(NoDefaults.class);
        assertThat(schema.get("required")).isEqualTo(List.of("name"));
        assertThat(schema.keySet()).containsExactly("name", "title", "description", "type", "properties", "required");
    }

    @Test
    void recordToMapToRecordRoundTrips() {
        Rich rich = new Rich(
                "xy",
                Mode.SLOW,
                List.of(5),
                new Limits(2, List.of()),
                Map.of("a", 0.5),
                Optional.of(new Limits(1, List.of("z"))),
                9);
        Map<String, Object> map = ConfigRecords.toMap(rich);
        assertThat(map.get("mode")).isEqualTo("slow");
        assertThat(ConfigRecords.toRecord(map, Rich.class)).isEqualTo(rich);
        assertThat(ConfigValidator.problems(map, ConfigSchemas.derive(Rich.class), UnknownKeys.REJECT))
                .isEmpty();
    }

    @Test
    void absentKeysTakeDefaultsWhenBuildingARecord() {
        assertThat(ConfigRecords.toRecord(Map.of("temperature", 0.5), WhisperConfig.class))
                .isEqualTo(new WhisperConfig("base", "auto", 0.5, Optional.empty()));
    }

    @Test
    void recordConversionReportsEveryWrongKeyWithItsPath() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("slug", 3L);
        bad.put("mode", "medium");
        bad.put("sizes", List.of(1L, "two", 2.5));
        bad.put("limits", Map.of("retries", 1L, "hosts", List.of(), "bogus", true));
        bad.put("typo", 1L);
        assertThatThrownBy(() -> ConfigRecords.toRecord(bad, Rich.class))
                .isInstanceOfSatisfying(
                        PluginConfigError.class,
                        e -> assertThat(e.fieldsInvalid())
                                .containsExactlyInAnyOrder(
                                        "$.slug", "$.mode", "$.sizes[1]", "$.sizes[2]", "$.limits.bogus", "$.typo"));
    }

    @Test
    void validationChecksEveryConstraintAndListsEveryProblem() {
        Map<String, Object> schema = ConfigSchemas.derive(Rich.class);
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("slug", "TOOLONG");
        bad.put("mode", "medium");
        bad.put("sizes", List.of(1L, 1.5));
        bad.put("limits", Map.of("retries", 0L));
        bad.put("weights", Map.of("w", "heavy"));
        bad.put("extra", null);
        bad.put("required", true);
        bad.put("unknown1", 1L);
        bad.put("unknown2", 2L);
        assertThat(ConfigValidator.problems(bad, schema, UnknownKeys.REJECT))
                .extracting(ManifestProblem::path)
                .containsExactlyInAnyOrder(
                        "$.slug",
                        "$.slug",
                        "$.mode",
                        "$.sizes[1]",
                        "$.limits.retries",
                        "$.limits.hosts",
                        "$.weights.w",
                        "$.required",
                        "$.unknown1",
                        "$.unknown2");
    }

    @Test
    void strictModeRejectsAllUnknownKeysAtOnce() {
        Map<String, Object> schema = ConfigSchemas.derive(WhisperConfig.class);
        assertThatThrownBy(() -> ConfigValidator.validate(Map.of("bogus", 1L, "also", 2L), schema, UnknownKeys.REJECT))
                .isInstanceOfSatisfying(PluginConfigError.class, e -> {
                    assertThat(e.fieldsInvalid()).containsExactlyInAnyOrder("$.bogus", "$.also");
                    assertThat(e.configClassName()).isEqualTo("WhisperConfig");
                    assertThat(e.getMessage()).contains("$.bogus: is not a known config key");
                });
    }

    @Test
    void lenientModeDropsUnknownKeys() {
        Map<String, Object> schema = ConfigSchemas.derive(WhisperConfig.class);
        assertThat(ConfigValidator.validate(Map.of("bogus", 1L, "model", "tiny"), schema, UnknownKeys.DROP))
                .containsExactly(Map.entry("model", "tiny"));
    }

    @Test
    void integralFloatsAreIntegersAndBoundsCompareExactly() {
        Map<String, Object> schema = ConfigSchemas.derive(Limits.class);
        assertThat(ConfigValidator.problems(Map.of("retries", 2.0, "hosts", List.of()), schema, UnknownKeys.REJECT))
                .isEmpty();
        assertThat(ConfigValidator.problems(Map.of("retries", 0.5, "hosts", List.of()), schema, UnknownKeys.REJECT))
                .extracting(ManifestProblem::path)
                .containsExactly("$.retries");
    }

    @Test
    void defaultsApplyUnderTheCallersValues() {
        Map<String, Object> schema = ConfigSchemas.derive(WhisperConfig.class);
        Map<String, Object> effective = ConfigValidator.withDefaults(Map.of("model", "tiny"), schema);
        assertThat(effective)
                .containsEntry("model", "tiny")
                .containsEntry("device", "auto")
                .containsEntry("temperature", 0.0)
                .containsEntry("language", null);
        assertThat(ConfigRecords.toRecord(effective, WhisperConfig.class).model())
                .isEqualTo("tiny");
    }

    @Test
    void reloadTriggersFireOncePerChangedTrigger() {
        WhisperConfig base = WhisperConfig.defaults();
        assertThat(ReloadTriggers.changedTriggers(base, new WhisperConfig("tiny", "cpu", 0.0, Optional.empty())))
                .containsExactly("model");
        assertThat(ReloadTriggers.changedTriggers(base, new WhisperConfig("base", "auto", 0.7, Optional.empty())))
                .isEmpty();
    }

    @Test
    void wronglyTypedSchemasAndConfigsNeverThrowUnexpectedly() {
        Map<String, Object> weird = new LinkedHashMap<>();
        weird.put("type", List.of("object"));
        weird.put("properties", Map.of("p", Map.of("type", 5L, "pattern", "(", "minimum", "x")));
        assertThat(ConfigValidator.problems(Map.of("p", "s"), weird, UnknownKeys.REJECT))
                .extracting(ManifestProblem::path)
                .containsExactly("$.p");
    }

    @SuppressWarnings("unchecked")
    @Test
    void configsParsedFromTextValidateAndHashWithTheirNumberForms() {
        Map<String, Object> schema = ConfigSchemas.derive(WhisperConfig.class);
        Map<String, Object> config =
                (Map<String, Object>) PlainJson.parse("{\"model\": \"tiny\", \"temperature\": 1, \"language\": null}");
        assertThat(ConfigValidator.validate(config, schema, UnknownKeys.REJECT)).isEqualTo(config);
        assertThat(CanonicalJson.canonicalOf(config))
                .isEqualTo("{\"language\":null,\"model\":\"tiny\",\"temperature\":1}");
        assertThat(ConfigRecords.toRecord(config, WhisperConfig.class).temperature())
                .isEqualTo(1.0);
        Map<String, Object> wrong = (Map<String, Object>)
                PlainJson.parse("{\"model\": 3, \"temperature\": \"hot\", \"language\": [], \"device\": null}");
        assertThat(ConfigValidator.problems(wrong, schema, UnknownKeys.REJECT))
                .extracting(ManifestProblem::path)
                .containsExactlyInAnyOrder("$.model", "$.temperature", "$.language", "$.device");
    }

    @Test
    void hugeConfigsListEveryUnknownKey() {
        Map<String, Object> huge = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            huge.put("k" + i, (long) i);
        }
        Map<String, Object> schema = ConfigSchemas.derive(WhisperConfig.class);
        assertThatThrownBy(() -> ConfigValidator.validate(huge, schema, UnknownKeys.REJECT))
                .isInstanceOfSatisfying(PluginConfigError.class, e -> {
                    assertThat(e.fieldsInvalid()).hasSize(20_000).contains("$.k0", "$.k19999");
                    assertThat(e.getMessage())
                            .contains("$.k4")
                            .doesNotContain("$.k5:")
                            .contains("and 19995 more")
                            .hasSizeLessThan(1000);
                });
        assertThat(ConfigValidator.validate(huge, schema, UnknownKeys.DROP)).isEmpty();
    }

    public record Unsupported(Object anything) {}

    public record Node(String name, Optional<Node> next) {}

    @Test
    void recursiveRecordsAreRefusedNotOverflowed() {
        assertThatThrownBy(() -> ConfigSchemas.derive(Node.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Node contains itself");
        assertThat(ConfigSchemas.derive(Limits.class)).containsKey("properties");
    }

    @Test
    void unsupportedComponentTypesAreNamed() {
        assertThatThrownBy(() -> ConfigSchemas.derive(Unsupported.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported.anything");
    }
}
