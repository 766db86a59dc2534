package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code bin/cordon serve} killed with SIGKILL in the middle of its queue and started again: the job that was running
 * runs again once (the restart rule), the pending jobs run in their priority order, each exactly once, and the
 * history is all there. The commands a user types drive it, through shells attached to the serve.
 */
class JobQueueRestartIT {

    @TempDir
    Path dir;

    @Test
    void aServeKilledMidQueueRunsTheInterruptedJobOnceMoreAndEveryPendingJobOnceInPriorityOrder() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("cordon"));
        Process first = CordonProcess.startNamed(home, "first-", "serve");
        List<ProcessHandle> workers;
        String interrupted;
        String low;
        String high;
        try {
            awaitReady(home, "first-", first.pid());
            // One shell, three jobs; their ids are read from the listing.
            CordonProcess.Result submitted = CordonProcess.run(
                    home,
                    60,
                    "shell",
                    "-c",
                    "cordon:submit slow '{\"steps\":150,\"step_seconds\":0.1}'; "
                            + "cordon:submit echo '{\"text\":\"low\"}' --priority 1; "
                            + "cordon:submit echo '{\"text\":\"high\"}' --priority 5");
            assertThat(submitted.exitCode()).as(submitted.stderr()).isZero();
            Map<String, JsonObject> listed = jobs(home);
            interrupted = idOf(listed, "slow", null);
            low = idOf(listed, "echo", "low");
            high = idOf(listed, "echo", "high");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "running"
                            .equals(job(home, interrupted).get("status").getAsString()));
            workers = first.descendants().toList();
        } catch (Throwable t) {
            CordonProcess.kill(first);
            throw t;
        }
        first.destroyForcibly(); // SIGKILL: no clean stop of anything
        first.waitFor();
        // The killed serve's workers are this test's to reap; they may outlive it by a moment.
        workers.forEach(ProcessHandle::destroyForcibly);

        Process next = CordonProcess.startNamed(home, "next-", "serve");
        try {
            awaitReady(home, "next-", next.pid());
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> jobs(home).values().stream()
                            .allMatch(j -> j.get("status").getAsString().equals("completed")));

            Map<String, JsonObject> all = jobs(home);
            assertThat(all.keySet()).containsExactlyInAnyOrder(interrupted, low, high);
            assertThat(all.get(interrupted).get("retry_count").getAsInt()).isEqualTo(1);
            assertThat(all.get(interrupted)
                            .get("result")
                            .getAsJsonObject()
                            .get("steps")
                            .getAsLong())
                    .isEqualTo(150);
            assertThat(all.get(low).get("retry_count").getAsInt()).isZero();
            assertThat(all.get(high).get("retry_count").getAsInt()).isZero();
            // One at a time, in run order: the higher priority first, the re-queued job (priority 0) last.
            assertThat(completedAt(all.get(high))).isBefore(completedAt(all.get(low)));
            assertThat(completedAt(all.get(low))).isBefore(completedAt(all.get(interrupted)));
        } finally {
            CordonProcess.kill(next);
        }
    }

    private static Instant completedAt(JsonObject job) {
        return Instant.parse(job.get("completed_at").getAsString());
    }

    /** The id of the one listed job on {@code instance} whose {@code text} argument is {@code text} (any when null). */
    private static String idOf(Map<String, JsonObject> jobs, String instance, String text) {
        List<String> ids = jobs.values().stream()
                .filter(j -> j.get("plugin_instance_id").getAsString().equals(instance))
                .filter(j -> text == null
                        || text.equals(j.getAsJsonObject("kwargs").get("text").getAsString()))
                .map(j -> j.get("id").getAsString())
                .toList();
        assertThat(ids).as("jobs of %s %s in %s", instance, text, jobs).hasSize(1);
        return ids.get(0);
    }

    private static JsonObject job(Path home, String id) throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "-c", "cordon:job " + id + " --json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return JsonParser.parseString(r.stdout()).getAsJsonObject();
    }

    private static Map<String, JsonObject> jobs(Path home) throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "-c", "cordon:jobs --json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonArray array = JsonParser.parseString(r.stdout()).getAsJsonArray();
        Map<String, JsonObject> byId = new HashMap<>();
        for (JsonElement e : array) {
            byId.put(e.getAsJsonObject().get("id").getAsString(), e.getAsJsonObject());
        }
        assertThat(byId).as("every job listed once").hasSize(array.size());
        return byId;
    }

    private static void awaitReady(Path home, String name, long pid) {
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(CordonProcess.read(home.resolve(name + "stdout.txt")))
                        .as("stderr: %s", CordonProcess.read(home.resolve(name + "stderr.txt")))
                        .contains("Cordon ready: home " + home + ", data " + home.resolve("data") + ", pid " + pid));
    }
}
