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
 * history is all there; a composition killed mid-DAG keeps its finished node's result and runs the rest once. The
 * commands a user types drive it, through shells attached to the serve.
 */
class JobQueueRestartIT {

    @TempDir
    Path dir;

    @Test
    void aServeKilledMidQueueRunsTheInterruptedJobOnceMoreAndEveryPendingJobOnceInPriorityOrder() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("cordon"));
        java.nio.file.Files.writeString(
                home.resolve("etc/dev.cordon.jobs.cfg"), "max.running=2\nlanes=default=1,compose=1\n");
        java.nio.file.Files.writeString(home.resolve("chain.json"), """
                {"nodes": [
                  {"id": "a", "plugin": "echo", "lane": "compose", "kwargs": {"n": 300}},
                  {"id": "b", "plugin": "py-slow", "lane": "compose",
                   "kwargs": {"steps": {"$ref": "a", "path": "/kwargs/n"}, "step_seconds": 0.1}},
                  {"id": "c", "plugin": "echo", "lane": "compose",
                   "kwargs": {"done": {"$ref": "b", "path": "/steps"}}}]}
                """);
        Process first = CordonProcess.startNamed(home, "first-", "serve");
        List<ProcessHandle> workers;
        String interrupted;
        String low;
        String high;
        String composition;
        String aJob;
        String aResult;
        try {
            awaitReady(home, "first-", first.pid());
            // In a lane of its own beside the default lane's one-at-a-time jobs: "a" ends before the kill, "b" (30 s)
            // runs through it, "c" waits for "b".
            composition = compose(home, home.resolve("chain.json"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "running".equals(text(node(composition(home, composition), "b"), "job_status")));
            // What it had finished before the kill (taken now; later nodes may finish before the kill too).
            JsonObject before = composition(home, composition);
            assertThat(before.get("status").getAsString()).isEqualTo("running");
            assertThat(node(before, "a").get("status").getAsString()).isEqualTo("completed");
            aJob = node(before, "a").get("job_id").getAsString();
            aResult = node(before, "a").getAsJsonObject("result").toString();
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
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(summary(jobs(home)))
                            .as("the jobs after the restart; the serve's log: %s", logTail(home))
                            .allMatch(line -> line.contains(" completed ")));

            Map<String, JsonObject> all = jobs(home);
            JsonObject composed = composition(home, composition);
            assertThat(composed.get("status").getAsString()).isEqualTo("completed");
            assertThat(node(composed, "a").get("job_id").getAsString()).isEqualTo(aJob);
            assertThat(node(composed, "a").getAsJsonObject("result").toString()).isEqualTo(aResult);
            // "b" ran through the kill (or ended just before it): the restart rule ran it at most once more.
            JsonObject c = node(composed, "c");
            assertThat(c.getAsJsonObject("result")
                            .getAsJsonObject("kwargs")
                            .get("done")
                            .getAsLong())
                    .isEqualTo(300);
            assertThat(all.remove(node(composed, "b").get("job_id").getAsString())
                            .get("retry_count")
                            .getAsInt())
                    .isBetween(0, 1);
            assertThat(all.remove(c.get("job_id").getAsString())
                            .get("retry_count")
                            .getAsInt())
                    .isZero();
            assertThat(all.remove(aJob)).isNotNull();
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

    private static String compose(Path home, Path file) throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "-c", "cordon:compose " + file + " --json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return JsonParser.parseString(r.stdout()).getAsJsonObject().get("id").getAsString();
    }

    private static JsonObject composition(Path home, String id) throws Exception {
        CordonProcess.Result r = CordonProcess.run(home, 60, "shell", "-c", "cordon:composition " + id + " --json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return JsonParser.parseString(r.stdout()).getAsJsonObject();
    }

    /** The string at {@code key}, {@code null} when absent or JSON null. */
    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static JsonObject node(JsonObject composition, String id) {
        for (JsonElement n : composition.getAsJsonArray("nodes")) {
            if (n.getAsJsonObject().get("id").getAsString().equals(id)) {
                return n.getAsJsonObject();
            }
        }
        throw new AssertionError("no node " + id + " in " + composition);
    }

    private static Instant completedAt(JsonObject job) {
        return Instant.parse(job.get("completed_at").getAsString());
    }

    /** The id of the one listed job on {@code instance} whose {@code text} argument is {@code text} (any when null). */
    private static String idOf(Map<String, JsonObject> jobs, String instance, String text) {
        List<String> ids = jobs.values().stream()
                .filter(j -> j.get("plugin_instance_id").getAsString().equals(instance))
                .filter(j -> text == null || text.equals(text(j.getAsJsonObject("kwargs"), "text")))
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

    /** One line per job: its id, instance, status, retries and error message, for an assertion's description. */
    private static List<String> summary(Map<String, JsonObject> jobs) {
        return jobs.values().stream()
                .map(j -> j.get("id").getAsString() + " "
                        + j.get("plugin_instance_id").getAsString() + " "
                        + j.get("status").getAsString() + " retries=" + j.get("retry_count") + " error="
                        + j.get("error"))
                .toList();
    }

    private static String logTail(Path home) {
        try (var lines = java.nio.file.Files.lines(home.resolve("data/logs/cordon.log"))) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void awaitReady(Path home, String name, long pid) {
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(CordonProcess.read(home.resolve(name + "stdout.txt")))
                        .as("stderr: %s", CordonProcess.read(home.resolve(name + "stderr.txt")))
                        .contains("Cordon ready: home " + home + ", data " + home.resolve("data") + ", pid " + pid));
    }
}
