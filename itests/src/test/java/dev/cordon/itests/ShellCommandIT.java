package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/cordon shell -c …} on the assembled distribution, as a user runs it. */
class ShellCommandIT {

    @TempDir
    static Path dir;

    static Path home;

    @BeforeAll
    static void copyDistribution() throws Exception {
        home = Distribution.copyTo(dir.resolve("cordon"));
    }

    @Test
    void statusAsJsonListsEveryBundleActive() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "-c", "cordon:status --json");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonObject status = JsonParser.parseString(r.stdout()).getAsJsonObject();
        assertThat(status.get("data").getAsString())
                .isEqualTo(home.resolve("data").toString());
        var bundles = status.getAsJsonArray("bundles");
        assertThat(bundles).hasSizeGreaterThan(20);
        for (JsonElement b : bundles) {
            assertThat(b.getAsJsonObject().get("state").getAsString())
                    .as(b.getAsJsonObject().get("symbolicName").getAsString())
                    .isEqualTo("ACTIVE");
        }
        assertThat(status.getAsJsonArray("components").toString()).contains("StatusCommand");
    }

    @Test
    void commandsRunInOrderAndGogoBuiltinsWork() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "-c", "echo first", "-c", "cordon:status");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout())
                .startsWith("first")
                .contains("dev.cordon.runtime")
                .contains("active");
    }

    @Test
    void everyStatementOfACommandLinePrintsItsResultInOrder() throws Exception {
        CordonProcess.Result r =
                CordonProcess.run(home, 60, "shell", "-c", "echo one; echo 'two; still two'\necho three");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("one\ntwo; still two\nthree\n");
    }

    @Test
    void anUnknownCommandFailsWithAClearMessageAndNonZeroStatus() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "--wait", "1", "-c", "cordon:nosuch");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("cordon:nosuch").contains("cordon:status");
    }

    @Test
    void aBadArgumentPrintsUsageAndExitsTwo() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 30, "--frobnicate");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown argument '--frobnicate'").contains("Usage: cordon");
    }

    @Test
    void aConfigurationACommandMakesSurvivesARestart() throws Exception {
        Path own = Distribution.copyTo(dir.resolve("restart"));

        CordonProcess.Result set = CordonProcess.run(own, 60, "shell", "-c", "cordon:scheduler safety");
        assertThat(set.exitCode()).as(set.stderr()).isZero();

        CordonProcess.Result shown = CordonProcess.run(own, 60, "shell", "-c", "cordon:scheduler --json");
        assertThat(shown.exitCode()).as(shown.stderr()).isZero();
        assertThat(JsonParser.parseString(shown.stdout())
                        .getAsJsonObject()
                        .get("active")
                        .getAsString())
                .isEqualTo("safety");
    }

    @Test
    void aHostConfigurationInEtcAppliesFromTheFirstStart() throws Exception {
        Path own = Distribution.copyTo(dir.resolve("etc-config"));
        Path empty = Files.createDirectories(dir.resolve("no-manifests"));
        Files.writeString(own.resolve("etc/dev.cordon.host.cfg"), "cordon.plugins.paths = " + empty + "\n");

        CordonProcess.Result r = CordonProcess.run(own, 60, "shell", "-c", "cordon:plugins --json");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(JsonParser.parseString(r.stdout()).getAsJsonObject().getAsJsonArray("plugins"))
                .as("the examples folder is no longer searched")
                .isEmpty();
    }

    @Test
    void homeOptionChoosesAnotherHome() throws Exception {
        Path other = Distribution.copyTo(dir.resolve("other"));

        CordonProcess.Result r =
                CordonProcess.run(home, 60, "--home", other.toString(), "shell", "-c", "cordon:status --json");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(JsonParser.parseString(r.stdout())
                        .getAsJsonObject()
                        .get("home")
                        .getAsString())
                .isEqualTo(other.toString());
    }

    @Test
    void aFailedJsonCommandPrintsAJsonErrorOnStdoutAndExitsNonZero() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "-c", "cordon:exec nosuch --json");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonObject error = JsonParser.parseString(r.stdout()).getAsJsonObject().getAsJsonObject("error");
        assertThat(error.get("message").getAsString()).contains("nosuch");
        assertThat(error.keySet()).contains("category", "plugin", "instance", "retry_after", "fields");
    }

    @Test
    void aMistypedCommandSuggestsTheClosestOnes() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "-c", "cordon:exce echo");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("no command 'cordon:exce'; did you mean cordon:exec");
    }

    @Test
    void wrongArgumentsPrintTheCommandsUsage() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "-c", "cordon:exec");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("wrong arguments for cordon:exec")
                .contains("Usage: cordon:exec [--json] <id> [<kwargs>...]")
                .doesNotContain("Cannot coerce");
    }

    @Test
    void helpListsCordonsCommandsOneLineEachAndABareNameRunsCordonsCommand() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "-c", "help", "-c", "help exec");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("  exec ", "  status ", "  plugins ").contains("Usage: cordon:exec");
    }

    @Test
    void aProgressBarToAFileIsAFewPlainLines() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 120, "shell", "-c", "cordon:stream streamer '{\"n\":40}'");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).doesNotContain("\r").doesNotContain("\u001b").contains("40/40\n");
        assertThat(r.stdout().lines().filter(l -> l.contains("/40"))).hasSizeLessThanOrEqualTo(11);
    }
}
