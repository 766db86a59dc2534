package dev.cordon.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.store.PluginConfigRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed with SIGKILL in the middle of writing leaves every reported commit in the database. */
class SqliteDurabilityTest {

    @TempDir
    Path folder;

    @Test
    void everyCommitReportedBeforeSigkillIsInTheDatabase() throws Exception {
        Path db = folder.resolve("cordon.db");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ConfigWriterChild.class.getName(),
                        db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Integer> committed = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readCommits(child, committed), "durability-child-stdout");
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> committed.size() >= 300 || !child.isAlive());
            assertThat(child.isAlive()).as("child still writing").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }
        assertThat(child.exitValue()).isEqualTo(137);

        try (SqliteConfigStore reopened = new SqliteConfigStore(db)) {
            Map<String, PluginConfigRecord> all = reopened.list();
            for (int i : committed) {
                assertThat(all.get("plugin-" + i))
                        .as("record %d", i)
                        .isNotNull()
                        .extracting(PluginConfigRecord::configJson)
                        .isEqualTo("{\"i\":" + i + "}");
            }
            assertThat(all.size()).isGreaterThanOrEqualTo(committed.size());
        }
    }

    private static void readCommits(Process child, List<Integer> committed) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("committed ")) {
                    committed.add(Integer.parseInt(line.substring("committed ".length())));
                }
            }
        } catch (java.io.IOException e) {
            // The pipe breaks when the child is killed; what was read is what counts.
        }
    }
}
