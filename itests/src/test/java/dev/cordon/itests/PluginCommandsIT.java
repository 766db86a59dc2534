package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.cordon.store.sqlite.SqliteEmpiricalResourceStore;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin commands of {@code bin/cordon shell -c} on the assembled distribution and its bundled examples. */
class PluginCommandsIT {

    @TempDir
    static Path dir;

    static Path home;

    @BeforeAll
    static void copyDistribution() throws Exception {
        home = Distribution.copyTo(dir.resolve("cordon"));
    }

    @Test
    void theBundledExamplesAreDiscoveredAndRunOnFirstUse() throws Exception {
        CordonProcess.Result r = CordonProcess.run(
                home,
                120,
                "shell",
                "-c",
                "cordon:exec echo '{\"text\":\"hi\"}' --json",
                "-c",
                "cordon:stats echo --json",
                "-c",
                "cordon:plugins --json",
                "-c",
                "cordon:plugins --canonical Plugin --json");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<JsonElement> printed = values(r.stdout());
        assertThat(printed).hasSize(4);
        JsonObject result = printed.get(0).getAsJsonObject();
        assertThat(result.getAsJsonObject("kwargs").get("text").getAsString()).isEqualTo("hi");
        JsonObject stats = printed.get(1).getAsJsonObject();
        assertThat(stats.get("pid").getAsLong()).isPositive();
        assertThat(stats.get("port").getAsInt()).isPositive();
        List<String> drifted = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonElement p : printed.get(2).getAsJsonObject().getAsJsonArray("plugins")) {
            names.add(p.getAsJsonObject().get("name").getAsString());
            if (p.getAsJsonObject().get("config_schema_drift").getAsBoolean()) {
                drifted.add(p.getAsJsonObject().get("name").getAsString());
            }
        }
        assertThat(names)
                .contains(
                        "echo",
                        "streamer",
                        "slow",
                        "errors",
                        "memhog",
                        "py-echo",
                        "py-streamer",
                        "py-slow",
                        "py-errors");
        assertThat(drifted)
                .as("the shipped manifests' hashes match the live schemas")
                .isEmpty();
        JsonObject canonical = printed.get(3).getAsJsonObject();
        assertThat(canonical.get("role").getAsString()).isEqualTo("Plugin");
        assertThat(canonical.get("canonical").isJsonNull())
                .as("every Java example has role Plugin: none is canonical")
                .isTrue();
    }

    /** The JSON values printed one after the other. */
    private static List<JsonElement> values(String text) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.LENIENT);
        List<JsonElement> out = new ArrayList<>();
        while (reader.peek() != JsonToken.END_DOCUMENT) {
            out.add(JsonParser.parseReader(reader));
        }
        return out;
    }

    @Test
    void theDemoRunsJavaAStreamAndPython() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 120, "shell", "-c", "cordon:demo");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // Written to a file, the stream's progress is plain lines, not a bar redrawn with carriage returns.
        assertThat(r.stdout())
                .contains("hello from Cordon")
                .contains("  40/40\n")
                .doesNotContain("\r")
                .contains("hello from Python")
                .contains("demo done: 3 workers");
    }

    @Test
    void twoExecsInOneShellLeaveTwoSamplesInTheDatabase() throws Exception {
        CordonProcess.Result r = CordonProcess.run(
                home, 120, "shell", "-c", "cordon:exec echo '{\"text\":\"a\"}'; cordon:exec echo '{\"text\":\"b\"}'");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        try (SqliteEmpiricalResourceStore store =
                new SqliteEmpiricalResourceStore(home.resolve("data").resolve("cordon.db"))) {
            assertThat(store.listForPlugin("echo"))
                    .as("the samples queued at the stop were written")
                    .singleElement()
                    .satisfies(rec -> assertThat(rec.sampleCount()).isEqualTo(2));
        }
    }

    @Test
    void malformedJsonAndUnknownPluginsAreExplainedInCordonsWords() throws Exception {
        CordonProcess.Result json = CordonProcess.run(home, 120, "shell", "-c", "cordon:exec echo '{\"text\" \"a\"}'");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.stderr())
                .contains("not valid JSON, at line 1, column 9: expected ':' after the key")
                .doesNotContain("setStrictness")
                .doesNotContain("JsonReader");

        CordonProcess.Result unknown = CordonProcess.run(home, 120, "shell", "-c", "cordon:exec ecoh '{}'");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("No plugin named 'ecoh'").contains("did you mean 'echo'");
    }

    @Test
    void aFailingCommandPrintsOneLineAndExitsNonZero() throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 120, "shell", "-c", "cordon:exec nosuch '{}'");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip())
                .startsWith("cordon: ")
                .contains("'nosuch'")
                .doesNotContain("\tat ");
    }
}
