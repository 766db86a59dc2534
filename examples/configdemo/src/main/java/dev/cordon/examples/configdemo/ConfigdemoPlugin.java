package dev.cordon.examples.configdemo;

import dev.cordon.api.model.PluginTaxonomy;
import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.plugin.ConfigOption;
import dev.cordon.api.plugin.EnvVarSpec;
import dev.cordon.api.plugin.FieldOptions;
import dev.cordon.api.plugin.Invocation;
import dev.cordon.api.plugin.Plugin;
import dev.cordon.api.plugin.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A plugin whose config record uses every schema feature: titles and descriptions, numeric bounds, string
 * length/pattern/format, an annotated enum list and a Java enum, a list, a map, a nested record, an optional
 * value, a required component and a reload trigger with its release hook. {@code execute} returns the config in
 * effect (a record, written as JSON) and the release hooks that have run.
 */
public final class ConfigdemoPlugin implements Plugin<ConfigdemoPlugin.Config> {

    /** A Java enum component. */
    public enum Quality {
        DRAFT,
        STANDARD,
        BEST
    }

    /** A nested record component. */
    public record Retry(
            @Schema.Minimum(0) @Schema.Maximum(10) int attempts, double backoffSeconds) {}

    /** The demo config. */
    @Schema.Name("ConfigdemoConfig")
    @Schema.Title("Config demo")
    @Schema.Description("Every schema feature in one record")
    public record Config(
            @Schema.Title("Model")
            @Schema.Description("Which model to load")
            @Schema.EnumValues({"tiny", "base", "large"})
            @Schema.ReloadTrigger("model")
            String model,

            @Schema.Minimum(0.0) @Schema.Maximum(1.0) double temperature,
            @Schema.Minimum(1) int batchSize,
            boolean verbose,
            Quality quality,

            @Schema.MinLength(2) @Schema.MaxLength(8) @Schema.Pattern("^[a-z]+$")
            String language,

            @Schema.Format("uri") String endpoint,
            List<String> tags,
            Map<String, Integer> limits,
            Retry retry,
            Optional<String> note,
            @Schema.Description("Required: no default") String workspace) {

        /** Defaults for everything but {@code workspace}. */
        public static Config defaults() {
            return new Config(
                    "base",
                    0.0,
                    8,
                    false,
                    Quality.STANDARD,
                    "en",
                    "https://example.org/api",
                    List.of("demo"),
                    Map.of("per_minute", 60),
                    new Retry(3, 0.5),
                    Optional.empty(),
                    null);
        }
    }

    private volatile Config config;
    private final List<String> hooksRun = new ArrayList<>();

    @Override
    public String name() {
        return "configdemo";
    }

    @Override
    public String description() {
        return "Shows every config schema feature";
    }

    @Override
    public Optional<PluginTaxonomy> taxonomy() {
        return Optional.of(new PluginTaxonomy("demo", "ConfigDemoPlugin", "dev.cordon.examples.ConfigDemoPlugin"));
    }

    @Override
    public Optional<ResourceRequirements> resources() {
        return Optional.of(new ResourceRequirements(
                false, List.of("linux-x64"), List.of("cpu"), OptionalLong.of(64), OptionalLong.empty()));
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public void initialize(Config config) {
        this.config = config;
    }

    @Override
    public Config currentConfig() {
        return config;
    }

    @Override
    public Map<String, Runnable> releaseHooks() {
        return Map.of("model", () -> hooksRun.add("model"));
    }

    @Override
    public Map<String, FieldOptions> configOptions() {
        return Map.of(
                "model",
                new FieldOptions(
                        List.of(
                                new ConfigOption("tiny", "Tiny (fast)", Map.of("params_m", 39)),
                                new ConfigOption("large", "Large (slow)", Map.of("params_m", 1550))),
                        Map.of()));
    }

    @Override
    public List<EnvVarSpec> workerEnv() {
        return List.of(
                EnvVarSpec.secret("DEMO_API_KEY", false, "Demo API key"),
                new EnvVarSpec("DEMO_REGION", false, false, "Region", "Where to run", "eu", List.of("eu", "us")));
    }

    @Override
    public Object execute(Invocation invocation) {
        return Map.of(
                "config",
                config == null ? Map.of() : config,
                "hooks_run",
                List.copyOf(hooksRun),
                "region",
                String.valueOf(System.getenv("DEMO_REGION")));
    }
}
