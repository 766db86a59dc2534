package dev.cordon.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.host.Call;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records own their collections: a copy taken at construction, read-only, in the caller's order, nulls kept. */
class RecordCopiesTest {

    @Test
    void aCallKeepsWhatItWasGivenWhateverTheCallerDoesAfterwards() {
        List<Object> args = new ArrayList<>(Arrays.asList("a", null));
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("z", 1L);
        kwargs.put("a", null);
        Call call = new Call(args, kwargs);
        args.add("late");
        kwargs.put("late", true);
        assertThat(call.args()).containsExactly("a", null);
        assertThat(call.kwargs().keySet()).containsExactly("z", "a");
        assertThatThrownBy(() -> call.kwargs().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSequenceStepKeepsWhatItWasGiven() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("k", "v");
        SequenceStep step = new SequenceStep("echo-1", List.of(), kwargs, 0);
        kwargs.clear();
        assertThat(step.kwargs()).containsEntry("k", "v");
    }
}
