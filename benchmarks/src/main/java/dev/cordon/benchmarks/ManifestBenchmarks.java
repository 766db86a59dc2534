package dev.cordon.benchmarks;

import dev.cordon.api.plugin.Schema;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.Manifests;
import dev.cordon.manifest.config.ConfigSchemas;
import dev.cordon.manifest.config.ConfigValidator;
import dev.cordon.protocol.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The contracts' hot paths: reading a manifest, deriving and checking config schemas, hashing a schema. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ManifestBenchmarks {

    /** A config record shaped like the example manifest's Whisper config. */
    @Schema.Description("Configuration for local Whisper transcription")
    public record WhisperConfig(
            @Schema.Title("Model")
            @Schema.EnumValues({"tiny", "base", "small", "medium", "large-v3"})
            @Schema.ReloadTrigger("model")
            String model,

            @Schema.Title("Device") @Schema.EnumValues({"auto", "cpu", "cuda"})
            String device,

            @Schema.Title("Temperature") @Schema.Minimum(0) @Schema.Maximum(1)
            double temperature,

            @Schema.Description("ISO code; None = auto-detect")
            Optional<String> language) {

        public static WhisperConfig defaults() {
            return new WhisperConfig("base", "auto", 0.0, Optional.empty());
        }
    }

    private String manifestJson;
    private String schemaJson;
    private Map<String, Object> schema;
    private Map<String, Object> config;

    @Setup
    public void setUp() throws IOException {
        try (InputStream in = ManifestBenchmarks.class.getResourceAsStream("/example-manifest-v2.json")) {
            manifestJson = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        schema = ConfigSchemas.derive(WhisperConfig.class);
        schemaJson = CanonicalJson.canonicalOf(schema);
        config = new LinkedHashMap<>();
        config.put("model", "small");
        config.put("device", "cuda");
        config.put("temperature", 0.2);
        config.put("language", "en");
    }

    @Benchmark
    public Manifest parseAndValidateManifest() {
        return Manifests.readValid(manifestJson, "example-manifest-v2.json");
    }

    @Benchmark
    public Map<String, Object> deriveSchema() {
        return ConfigSchemas.derive(WhisperConfig.class);
    }

    @Benchmark
    public Map<String, Object> validateConfig() {
        return ConfigValidator.validate(config, schema, ConfigValidator.UnknownKeys.REJECT);
    }

    @Benchmark
    public String hashSchema() {
        return CanonicalJson.hash(schemaJson);
    }
}
