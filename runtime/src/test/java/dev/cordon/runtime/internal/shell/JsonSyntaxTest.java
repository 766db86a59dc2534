package dev.cordon.runtime.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSyntaxTest {

    @Test
    void wellFormedTextHasNoProblem() {
        assertThat(JsonSyntax.check("{\"text\": \"hi\", \"n\": [1, -2.5e3, true, false, null, {}]}"))
                .isEmpty();
        assertThat(JsonSyntax.check(" \"a\\u00e9\\n\" ")).isEmpty();
    }

    @Test
    void eachProblemIsLocatedWithWhatWasExpected() {
        assertThat(JsonSyntax.check("{\"text\" \"a\"}")).hasValueSatisfying(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.column()).isEqualTo(9);
            assertThat(p.expected()).isEqualTo("expected ':' after the key, found '\"'");
        });
        assertThat(JsonSyntax.check("{text: 1}"))
                .map(Object::toString)
                .hasValue("line 1, column 2: expected a key in double quotes, found 't'");
        assertThat(JsonSyntax.check("{\"a\": 1,\n \"b\": hi}"))
                .map(Object::toString)
                .hasValue("line 2, column 7: expected a JSON value (a text in double quotes, a number, true, false,"
                        + " null, {...} or [...]), found 'h'");
        assertThat(JsonSyntax.check("[tru]"))
                .map(Object::toString)
                .hasValue("line 1, column 2: expected a JSON value (texts need double quotes), found 't'");
        assertThat(JsonSyntax.check("{\"a\": 1"))
                .map(Object::toString)
                .hasValue("line 1, column 8: expected ',' or '}' after a value in an object, the text ends");
        assertThat(JsonSyntax.check("{\"a\": \"open}"))
                .map(Object::toString)
                .get()
                .asString()
                .contains("the closing '\"' of a text");
        assertThat(JsonSyntax.check("{} {}"))
                .map(Object::toString)
                .get()
                .asString()
                .contains("column 4")
                .contains("the end of the text after one JSON value");
    }

    @Test
    void commandArgumentsSayWhereTheJsonIsWrongWithoutParserInternals() {
        assertThatThrownBy(() -> CommandArgs.object("{\"text\" \"a\"}", "arguments"))
                .isInstanceOf(PluginInputError.class)
                .hasMessageContaining("not valid JSON, at line 1, column 9: expected ':' after the key")
                .hasMessageNotContaining("JsonReader")
                .hasMessageNotContaining("setStrictness");
        assertThat(CommandArgs.object("{\"text\": \"a\"}", "arguments")).isEqualTo(Map.of("text", "a"));
        assertThatThrownBy(() -> CommandArgs.object("[1]", "arguments")).hasMessageContaining("must be a JSON object");
    }
}
