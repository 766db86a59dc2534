package dev.cordon.runtime.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.host.CallContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandArgsTest {

    @Test
    void runAndActorOptionsBecomeTheCallsContext() {
        assertThat(CommandArgs.context("", "")).isSameAs(CallContext.NONE);
        assertThat(CommandArgs.context("r-1", "Jane Doe"))
                .isEqualTo(new CallContext(Optional.empty(), Optional.of("r-1"), Optional.of("Jane Doe")));
        assertThat(CommandArgs.context("", "ops").actor()).hasValue("ops");
    }

    @Test
    void aMalformedValueIsRefusedNamingItsOption() {
        assertThatThrownBy(() -> CommandArgs.context("r", "caf\u00e9"))
                .isInstanceOfSatisfying(
                        PluginInputError.class,
                        e -> assertThat(e.fieldsInvalid()).containsExactly("--actor"))
                .hasMessageContaining("--actor must be 1 to 200 printable ASCII characters");
        assertThatThrownBy(() -> CommandArgs.context("x".repeat(201), ""))
                .isInstanceOf(PluginInputError.class)
                .hasMessageStartingWith("--run must be");
    }
}
