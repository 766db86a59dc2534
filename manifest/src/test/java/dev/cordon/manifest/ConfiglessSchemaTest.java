package dev.cordon.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.plugin.ConfiglessPlugin;
import dev.cordon.manifest.config.ConfigSchemas;
import dev.cordon.manifest.config.ConfigValidator;
import dev.cordon.protocol.json.CanonicalJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfiglessSchemaTest {

    /** The hash the example manifests of plugins without settings carry (an empty record named Config). */
    private static final String EMPTY_CONFIG_HASH =
            "sha256:475f6a7ec346ebbb4562a4cf201d13b6cb2f6d6a496b03a9510c7f2cf6668b95";

    @Test
    void aConfiglessPluginHasAnEmptyObjectSchemaWithTheHashOfAnEmptyConfigRecord() {
        Map<String, Object> schema = ConfigSchemas.derive(ConfiglessPlugin.Config.class);

        assertThat(schema).containsEntry("type", "object").containsEntry("properties", Map.of());
        assertThat(CanonicalJson.hashOf(schema)).isEqualTo(EMPTY_CONFIG_HASH);
    }

    @Test
    void aConfiglessPluginRejectsEverySetting() {
        Map<String, Object> schema = ConfigSchemas.derive(ConfiglessPlugin.Config.class);

        assertThat(ConfigValidator.problems(Map.of("steps", 3), schema, ConfigValidator.UnknownKeys.REJECT))
                .isNotEmpty();
        assertThat(ConfigValidator.problems(Map.of(), schema, ConfigValidator.UnknownKeys.REJECT))
                .isEmpty();
    }
}
