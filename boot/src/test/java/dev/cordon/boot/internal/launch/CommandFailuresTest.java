package dev.cordon.boot.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandFailuresTest {

    private static final Set<String> COMMANDS = Set.of(
            "cordon:exec",
            "cordon:stream",
            "cordon:status",
            "cordon:stats",
            "cordon:plugins",
            "felix:lb",
            "gogo:echo",
            "felix:help",
            "cordon:help");

    @Test
    void aMistypedScopedCommandSuggestsTheClosestNames() {
        assertThat(CommandFailures.notFound("cordon:exce", COMMANDS))
                .isEqualTo("no command 'cordon:exce'; did you mean cordon:exec?");
    }

    @Test
    void aMistypedBareNameMatchesCommandsOfAnyScopeCordonFirst() {
        assertThat(CommandFailures.closest("satus", COMMANDS)).containsExactly("cordon:status", "cordon:stats");
        assertThat(CommandFailures.closest("hlep", COMMANDS)).containsExactly("cordon:help", "felix:help");
    }

    @Test
    void nothingCloseSaysWhereToLook() {
        assertThat(CommandFailures.notFound("cordon:frobnicate", COMMANDS))
                .startsWith("no command 'cordon:frobnicate': 'help' lists Cordon's commands");
    }

    @Test
    void atMostThreeSuggestions() {
        assertThat(CommandFailures.closest("st", Set.of("cordon:s1", "cordon:s2", "cordon:s3", "cordon:s4")))
                .hasSize(3);
    }
}
