package dev.cordon.boot.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorJsonTest {

    @Test
    void aPluginErrorCarriesItsCategoryPluginAndInstance() {
        PluginNotLoadedError error = new PluginNotLoadedError("nosuch");

        assertThat(ErrorJson.of(error.getMessage(), error))
                .isEqualTo("{\"error\":{\"category\":\""
                        + error.category().wire()
                        + "\",\"message\":\"Plugin 'nosuch' is not loaded\",\"plugin\":\"nosuch\","
                        + "\"instance\":\"nosuch\",\"retry_after\":null,\"fields\":[]}}");
    }

    @Test
    void anInputErrorListsTheInvalidFields() {
        PluginInputError error = new PluginInputError("bad \"text\"\n", List.of("text", "n"), null);

        assertThat(ErrorJson.of(error.getMessage(), error))
                .contains("\"message\":\"bad \\\"text\\\"\\n\"")
                .contains("\"fields\":[\"text\",\"n\"]");
    }

    @Test
    void aFailureOutsideThePluginTaxonomyIsAUsageError() {
        assertThat(ErrorJson.of("no command 'x'", new IllegalArgumentException()))
                .startsWith("{\"error\":{\"category\":\"usage\",\"message\":\"no command 'x'\",\"plugin\":null");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(ErrorJson.string("a\u0001b")).isEqualTo("\"a\\u0001b\"");
    }

    @Test
    void onlyACommandLineWithTheJsonOptionGetsAJsonError() {
        assertThat(Main.wantsJson("cordon:exec nosuch --json")).isTrue();
        assertThat(Main.wantsJson("cordon:exec echo '{\"a\":\"--jsonish\"}'")).isFalse();
        assertThat(Main.wantsJson(null)).isFalse();
    }
}
