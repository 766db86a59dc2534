package dev.cordon.runtime.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SharedOptionsTest {

    /** A command as Cordon writes them: the session first, its own arguments after. */
    public static final class Echo {
        @Descriptor("say the word")
        public String say(CommandSession session, @Descriptor("a word") String word) {
            return (JsonOption.requested(session) ? "json:" : "text:") + word;
        }
    }

    /** Options, overloads and varargs, as the commands use them. */
    public static final class Shapes {
        public String list(CommandSession session) {
            return "all";
        }

        public String list(CommandSession session, String name) {
            return "one:" + name;
        }

        public String logs(
                @Parameter(names = "--lines", absentValue = "50") int lines,
                @Parameter(names = "--new", presentValue = "true", absentValue = "false") boolean fresh,
                String id,
                String... rest) {
            return lines + "/" + fresh + "/" + id + "/" + List.of(rest);
        }
    }

    /** A command that fails. */
    public static final class Failing {
        public String fail(String why) {
            throw new IllegalStateException(why);
        }
    }

    private ThreadIOImpl threadIo;
    private CommandSession session;

    @BeforeEach
    void openSession() {
        threadIo = new ThreadIOImpl();
        threadIo.start();
        session = new CommandProcessorImpl(threadIo)
                .createSession(
                        new ByteArrayInputStream(new byte[0]),
                        new ByteArrayOutputStream(),
                        new ByteArrayOutputStream());
    }

    @AfterEach
    void closeSession() {
        session.close();
        threadIo.stop();
    }

    @Test
    void theOptionIsTakenOffTheArgumentsWhereverItStands() throws Exception {
        SharedOptions say = new SharedOptions(new Echo(), "say");

        assertThat(say.execute(session, List.of("hi"))).isEqualTo("text:hi");
        assertThat(say.execute(session, List.of("--json", "hi"))).isEqualTo("json:hi");
        assertThat(say.execute(session, List.of("hi", "--json"))).isEqualTo("json:hi");
    }

    @Test
    void theSessionIsLeftAsItWasAfterTheCommand() throws Exception {
        new SharedOptions(new Echo(), "say").execute(session, List.of("--json", "hi"));

        assertThat(JsonOption.requested(session)).isFalse();
    }

    @Test
    void optionsAreTakenByNameAndTheRestFillsTheParametersInOrder() throws Exception {
        SharedOptions logs = new SharedOptions(new Shapes(), "logs");

        assertThat(logs.execute(session, List.of("echo"))).isEqualTo("50/false/echo/[]");
        assertThat(logs.execute(session, List.of("echo", "--lines", "7", "a", "--new", "b")))
                .isEqualTo("7/true/echo/[a, b]");
    }

    @Test
    void theOverloadThatTakesTheArgumentsRuns() throws Exception {
        assertThat(new SharedOptions(new Shapes(), "list").execute(session, List.of()))
                .isEqualTo("all");
        assertThat(new SharedOptions(new Shapes(), "list").execute(session, List.of("x", "--json")))
                .isEqualTo("one:x");
    }

    @Test
    void aValueOfTheWrongTypeOrAMissingOptionValueFitsNoOverload() {
        SharedOptions logs = new SharedOptions(new Shapes(), "logs");

        assertThatThrownBy(() -> logs.execute(session, List.of("echo", "--lines", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot coerce logs");
        assertThatThrownBy(() -> logs.execute(session, List.of("echo", "--lines")))
                .hasMessageStartingWith("Cannot coerce logs");
    }

    @Test
    void whatTheCommandThrowsReachesTheCallerUnwrapped() {
        assertThatThrownBy(() -> new SharedOptions(new Failing(), "fail").execute(session, List.of("broken")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("broken");
    }

    @Test
    void argumentsThatDoNotBindFailAsGogoWouldSay() {
        assertThatThrownBy(() -> new SharedOptions(new Echo(), "say").execute(session, List.of("--json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot coerce say");
    }
}
