package dev.cordon.boot.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

class CommandCompleterTest {

    private final CommandCompleter completer = new CommandCompleter(
            () -> Set.of("cordon:exec", "cordon:status", "felix:lb"), () -> List.of("echo", "echo-2", "slow"));

    private List<String> complete(String typed) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(
                null, new DefaultParser().parse(typed, typed.length(), Parser.ParseContext.COMPLETE), candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void theFirstWordCompletesToCommandsCordonsAlsoWithoutTheirScope() {
        assertThat(complete("st"))
                .containsExactlyInAnyOrder("cordon:exec", "exec", "cordon:status", "status", "felix:lb");
    }

    @Test
    void argumentsOfACordonCommandCompleteToPluginNamesAndInstanceIds() {
        assertThat(complete("exec ec")).containsExactly("echo", "echo-2", "slow");
        assertThat(complete("cordon:exec ec")).containsExactly("echo", "echo-2", "slow");
    }

    @Test
    void anOptionCompletesToJson() {
        assertThat(complete("status --")).containsExactly("--json");
    }

    @Test
    void helpCompletesToCordonsCommandNames() {
        assertThat(complete("help e")).containsExactlyInAnyOrder("exec", "status");
    }

    @Test
    void argumentsOfOtherCommandsGetNothing() {
        assertThat(complete("felix:lb e")).isEmpty();
    }
}
