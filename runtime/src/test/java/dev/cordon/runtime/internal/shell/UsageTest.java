package dev.cordon.runtime.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsageTest {

    @Test
    void usageShowsOptionsArgumentsAndTheirDescriptions() {
        String usage = Usage.of("cordon", "exec", ExecCommands.class);

        assertThat(usage)
                .startsWith("cordon:exec - run a call and print its result\n")
                .contains("Usage: cordon:exec [--json] [--run <run>] [--actor <actor>] <id> [<kwargs>...]")
                .containsPattern("\n +--json {2,}print JSON instead of text")
                .containsPattern("\n +--actor <actor> {2,}who the call is made for; ")
                .containsPattern("\n +id {2,}instance id \\(a plugin name runs its default instance\\)");
    }

    @Test
    void anOptionWithAValueShowsItsArgument() {
        assertThat(Usage.of("cordon", "logs", DiagnosticsCommands.class)).contains("[--lines <lines>]");
    }

    @Test
    void summaryIsTheMethodsDescriptor() {
        assertThat(Usage.summary(StatusCommand.class, "status"))
                .isEqualTo("show Cordon's home, data folder, bundles and components");
        assertThat(Usage.summary(StatusCommand.class, "nosuch")).isEqualTo("(no description)");
    }
}
