package dev.cordon.boot.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void noArgumentsOpensTheInteractiveShell() {
        assertThat(Options.parse(new String[0]).mode).isEqualTo(Options.Mode.INTERACTIVE);
    }

    @Test
    void shellWithCommandsRunsThemInOrder() {
        Options o = Options.parse(new String[] {"shell", "-c", "a", "-c", "b", "--wait", "2.5"});

        assertThat(o.mode).isEqualTo(Options.Mode.COMMANDS);
        assertThat(o.commands).containsExactly("a", "b");
        assertThat(o.wait).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void homeAndDataOptionsWin() {
        Options o = Options.parse(new String[] {"--home", "/opt/c", "--data", "/var/c", "serve"});

        assertThat(o.mode).isEqualTo(Options.Mode.SERVE);
        assertThat(o.home().home()).isEqualTo(Path.of("/opt/c"));
        assertThat(o.home().etc()).isEqualTo(Path.of("/opt/c/etc"));
        assertThat(o.home().data()).isEqualTo(Path.of("/var/c"));
    }

    @Test
    void theLaunchersOwnWordsAndOptionsAreNoSubcommands() {
        assertThat(Options.isOwnWord("shell")).isTrue();
        assertThat(Options.isOwnWord("serve")).isTrue();
        assertThat(Options.isOwnWord("help")).isTrue();
        assertThat(Options.isOwnWord("--wait")).isTrue();
        assertThat(Options.isOwnWord("install")).isFalse();
        assertThat(Subcommand.find(new String[] {"--data", "/tmp/d", "shell", "-c", "x"}))
                .isEmpty();
    }

    @Test
    void badUsageNamesTheProblem() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--home"})).hasMessage("--home needs a value");
        assertThatThrownBy(() -> Options.parse(new String[] {"bogus"})).hasMessage("unknown argument 'bogus'");
        assertThatThrownBy(() -> Options.parse(new String[] {"serve", "-c", "x"}))
                .hasMessageContaining("-c belongs to 'shell'");
        assertThatThrownBy(() -> Options.parse(new String[] {"--wait", "soon"}))
                .hasMessageContaining("--wait takes seconds");
    }

    @Test
    void usageIsPrintedWithExitTwoOnBadArguments() {
        assertThat(Main.run(new String[] {"--nope"})).isEqualTo(2);
        assertThat(Main.run(new String[] {"help"})).isZero();
    }
}
