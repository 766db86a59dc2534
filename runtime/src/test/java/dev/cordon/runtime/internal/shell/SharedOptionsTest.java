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
    void argumentsThatDoNotBindFailAsGogoWouldSay() {
        assertThatThrownBy(() -> new SharedOptions(new Echo(), "say").execute(session, List.of("--json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("say");
    }
}
