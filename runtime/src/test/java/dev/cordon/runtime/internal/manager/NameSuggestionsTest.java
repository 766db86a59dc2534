package dev.cordon.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameSuggestionsTest {

    private static final List<String> KNOWN = List.of("echo", "py-echo", "streamer", "slow", "py-monitor");

    @Test
    void aTypoWithinTwoEditsSuggestsTheNearestNamesFirst() {
        assertThat(NameSuggestions.closest("ecoh", KNOWN)).containsExactly("echo");
        assertThat(NameSuggestions.closest("slwo", KNOWN)).containsExactly("slow");
        assertThat(NameSuggestions.closest("ECHO", KNOWN)).first().isEqualTo("echo");
    }

    @Test
    void aPrefixSuggestsTheNamesItStarts() {
        assertThat(NameSuggestions.closest("py", KNOWN)).containsExactly("py-echo", "py-monitor");
        assertThat(NameSuggestions.closest("streamers-x", KNOWN)).containsExactly("streamer");
    }

    @Test
    void aNameFarFromEveryKnownOneSuggestsNothing() {
        assertThat(NameSuggestions.closest("nosuch", KNOWN)).isEmpty();
    }

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(NameSuggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(NameSuggestions.distance("", "abc")).isEqualTo(3);
        assertThat(NameSuggestions.distance("same", "same")).isZero();
    }
}
