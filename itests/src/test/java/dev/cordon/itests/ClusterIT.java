package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cordon.api.model.Job;
import dev.cordon.store.postgres.PostgresJobStore;
import dev.cordon.store.postgres.PostgresSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code bin/cordon serve} hosts of the assembled distribution sharing one job queue on a real PostgreSQL
 * server (cluster mode, a 6 s lease): a cancel typed on a host that does not run the job stops it on the host that
 * does; 1,000 jobs over two plugins, one of them installed on one host only, run with one host SIGKILLed half-way;
 * and a host stopped with SIGSTOP past its lease and resumed cannot overwrite the result of the host that took its job
 * over. The store's rows are the evidence: each job's status, retry count, claim version and the host that finished
 * it. Skipped when no server answers, failed instead when {@code CORDON_REQUIRE_POSTGRES=1}.
 */
class ClusterIT {

    private static final String URL = env("CORDON_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/cordon_test");
    private static final String USER = env("CORDON_TEST_PG_USER", "cordon_test");
    private static final String PASSWORD = env("CORDON_TEST_PG_PASSWORD", "cordon_test");
    private static final int LEASE_S = 6;
    /** One heartbeat of a host: a fifth of the lease. */
    private static final long HEARTBEAT_MS = LEASE_S * 1000L / 5;

    private static final int ECHO_JOBS = 900;
    private static final int SINGLE_HOST_JOBS = 100;

    @TempDir
    Path dir;

    private String schema;

    @Test
    void threeHostsShareOneQueueThroughAKilledHostACancelFromAfarAndAPausedHostFencedOut() throws Exception {
        requireServer();
        schema = "it_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path password = Files.writeString(dir.resolve("pg.password"), PASSWORD + "\n");
        Host a = Host.prepare(dir, "a", password, schema, "echo", "slow");
        Host b = Host.prepare(dir, "b", password, schema, "echo", "slow", "py-echo");
        Host c = Host.prepare(dir, "c", password, schema, "echo");
        List<Host> hosts = List.of(a, b, c);
        try {
            for (Host h : hosts) {
                h.start();
            }
            for (Host h : hosts) {
                h.awaitReady();
            }
            // Ready is the framework; the PostgreSQL stores connect and the queue joins the cluster after it.
            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(liveHosts(c))
                            .containsEntry("a", true)
                            .containsEntry("b", true)
                            .containsEntry("c", true));
            System.out.println("ClusterIT: cordon:cluster --json on c: "
                    + c.shell("cordon:cluster --json").strip());

            cancelFromAHostThatDoesNotRunTheJob(c);
            killOneHostWhileTheQueueRuns(a, c);
            pausedHostIsFencedOut(a, b);
        } catch (Throwable t) {
            for (Host h : hosts) {
                h.printDiagnostics();
            }
            throw t;
        } finally {
            for (Host h : hosts) {
                h.kill();
            }
            dropSchema();
        }
    }

    private void cancelFromAHostThatDoesNotRunTheJob(Host c) throws Exception {
        c.shell("cordon:submit slow '{\"steps\":600,\"step_seconds\":0.1}'");
        String id = query("SELECT id FROM jobs WHERE instance_id = 'slow'").get(0);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !query("SELECT lease_owner FROM jobs WHERE id = '" + id + "' AND status = 'running'")
                        .isEmpty());
        String owner =
                query("SELECT lease_owner FROM jobs WHERE id = '" + id + "'").get(0);
        assertThat(owner).as("slow is not installed on c").isIn("a", "b");
        // The job's events, followed on c: they are relayed from the host that runs it.
        Process events = CordonProcess.startNamed(
                c.home, "events-", "shell", "-c", "cordon:events " + id + " --json --timeout 90");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(CordonProcess.read(c.home.resolve("events-stdout.txt")))
                            .as(
                                    "events of job %s on c; stderr: %s",
                                    id, CordonProcess.read(c.home.resolve("events-stderr.txt")))
                            .contains("progress_changed"));
            long asked = System.nanoTime();
            c.shell("cordon:cancel " + id);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> query("SELECT status FROM jobs WHERE id = '" + id + "'")
                            .equals(List.of("cancelled")));
            System.out.printf(
                    "ClusterIT: cancel typed on c reached %s and ended the job in %d ms (shell start included)%n",
                    owner, (System.nanoTime() - asked) / 1_000_000);
            // The follower on c ends with the job, as it would on the host that runs it.
            assertThat(events.waitFor(60, TimeUnit.SECONDS))
                    .as("cordon:events on c ends with the job")
                    .isTrue();
            assertThat(CordonProcess.read(c.home.resolve("events-stdout.txt")))
                    .contains("cancel_phase_changed")
                    .contains("\"to\":\"cancelled\"");
        } finally {
            CordonProcess.kill(events);
        }
        assertThat(query("SELECT ran_on FROM jobs WHERE id = '" + id + "'")).containsExactly(owner);
    }

    private void killOneHostWhileTheQueueRuns(Host a, Host c) throws Exception {
        // Written through the job store, the insert a host's submit makes: a thousand shell commands would take
        // minutes. The hosts' dispatchers find the jobs at their next poll.
        long submitted = System.nanoTime();
        try (PostgresJobStore store =
                new PostgresJobStore(new PostgresSettings(URL, USER, PASSWORD, schema, 2, Duration.ofSeconds(10)))) {
            for (int i = 0; i < ECHO_JOBS + SINGLE_HOST_JOBS; i++) {
                String plugin = i % 10 == 9 ? "py-echo" : "echo";
                store.insert(Job.pending(
                        UUID.randomUUID().toString(),
                        plugin,
                        List.of(),
                        Map.of("text", Integer.toString(i)),
                        0,
                        Instant.now()));
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> count("status = 'completed' AND instance_id <> 'slow'") >= 150
                        && !query("SELECT id FROM jobs WHERE lease_owner = 'c'").isEmpty());
        // Frozen first (SIGSTOP), so that the leases read are those it holds when it dies: an echo job ends in
        // milliseconds. A moment when it holds none is let go, and the next one taken.
        Set<String> interrupted = new HashSet<>();
        while (interrupted.isEmpty()) {
            c.signal("STOP");
            interrupted.addAll(query("SELECT id FROM jobs WHERE lease_owner = 'c'"));
            if (interrupted.isEmpty()) {
                c.signal("CONT");
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> !query("SELECT id FROM jobs WHERE lease_owner = 'c'")
                                .isEmpty());
            }
        }
        List<ProcessHandle> workers = c.process.descendants().toList();
        c.process.destroyForcibly(); // SIGKILL: no lease is given back
        long killed = System.nanoTime();
        c.process.waitFor();
        workers.forEach(ProcessHandle::destroyForcibly);
        assertThat(interrupted).isNotEmpty();

        String interruptedList = "('" + String.join("','", interrupted) + "')";
        await().atMost(Duration.ofSeconds(LEASE_S + 30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> count("id IN " + interruptedList + " AND (lease_owner IS NULL OR lease_owner <> 'c')"
                                + " AND status <> 'pending'")
                        == interrupted.size());
        long takeoverMs = (System.nanoTime() - killed) / 1_000_000;

        int total = ECHO_JOBS + SINGLE_HOST_JOBS;
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        count("instance_id <> 'slow' AND status IN ('completed', 'failed', 'cancelled')") == total);
        double seconds = (System.nanoTime() - submitted) / 1e9;

        assertThat(count("instance_id <> 'slow'")).as("none lost, none doubled").isEqualTo(total);
        assertThat(query("SELECT ran_on || ' ' || lease_version || ' ' || document FROM jobs"
                        + " WHERE instance_id <> 'slow' AND status <> 'completed'"))
                .as("every job completed")
                .isEmpty();
        // Exactly once by the rule: a job claimed more than once is one that c was running when it died, put back
        // once with the host-restarted error; every other job was claimed once, so it ran once.
        assertThat(query("SELECT id FROM jobs WHERE instance_id <> 'slow' AND lease_version > 1"))
                .containsExactlyInAnyOrderElementsOf(interrupted);
        for (String id : interrupted) {
            JsonObject doc = document(id);
            // Run again once; its completion clears the "Host restarted" error the take-over put on it.
            assertThat(doc.get("retry_count").getAsInt()).as(id).isEqualTo(1);
        }
        assertThat(query("SELECT DISTINCT ran_on FROM jobs WHERE instance_id = 'py-echo'"))
                .as("the plugin installed on b alone ran there only")
                .containsExactly("b");
        assertThat(query("SELECT DISTINCT ran_on FROM jobs WHERE instance_id = 'echo' ORDER BY ran_on"))
                .as("every host ran echo")
                .containsExactly("a", "b", "c");
        assertThat(takeoverMs)
                .as("survivors take over within the lease and one heartbeat, with room for a loaded machine")
                .isLessThan(LEASE_S * 1000L + HEARTBEAT_MS + 3000);
        // c stays listed, silent since its last heartbeat, until it has been silent for 15 minutes.
        await().atMost(Duration.ofSeconds(LEASE_S + 30))
                .untilAsserted(() -> assertThat(liveHosts(a))
                        .containsEntry("a", true)
                        .containsEntry("b", true)
                        .containsEntry("c", false));
        Map<String, Boolean> live = liveHosts(a);
        System.out.printf(
                "ClusterIT: %d jobs over 3 hosts (c SIGKILLed after %d done) in %.1f s, %.0f jobs/s; %d jobs of c"
                        + " taken over and running elsewhere %d ms after the kill (lease %d s); hosts live: %s%n",
                total, 150, seconds, total / seconds, interrupted.size(), takeoverMs, LEASE_S, live);
    }

    private void pausedHostIsFencedOut(Host a, Host b) throws Exception {
        a.shell("cordon:submit slow '{\"steps\":30,\"step_seconds\":0.1}'");
        String id = query("SELECT id FROM jobs WHERE instance_id = 'slow' AND status <> 'cancelled'")
                .get(0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !query("SELECT lease_owner FROM jobs WHERE id = '" + id + "' AND status = 'running'")
                        .isEmpty());
        String first =
                query("SELECT lease_owner FROM jobs WHERE id = '" + id + "'").get(0);
        Host paused = first.equals("a") ? a : b;
        String other = first.equals("a") ? "b" : "a";
        paused.signal("STOP");
        try {
            await().atMost(Duration.ofSeconds(LEASE_S + 60))
                    .until(() -> query("SELECT ran_on FROM jobs WHERE id = '" + id + "' AND status = 'completed'")
                            .equals(List.of(other)));
        } finally {
            paused.signal("CONT");
        }
        String result =
                query("SELECT document FROM jobs WHERE id = '" + id + "'").get(0);
        // Its call ended while it was stopped: resumed, it tries to store that end and is refused.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(paused.log())
                        .contains("Job " + id + " was taken over by another owner before it finished here"));
        assertThat(query("SELECT document FROM jobs WHERE id = '" + id + "'")).containsExactly(result);
        assertThat(query("SELECT ran_on FROM jobs WHERE id = '" + id + "'")).containsExactly(other);
        assertThat(document(id).get("retry_count").getAsInt()).isEqualTo(1);
        System.out.printf(
                "ClusterIT: %s stopped past its lease; %s ran the job again and kept its result after %s resumed%n",
                first, other, first);
    }

    /** Host id to whether it is live, as {@code cordon:cluster --json} on {@code on} lists them. */
    private static Map<String, Boolean> liveHosts(Host on) throws Exception {
        JsonObject cluster =
                JsonParser.parseString(on.shell("cordon:cluster --json")).getAsJsonObject();
        Map<String, Boolean> live = new HashMap<>();
        JsonArray hosts = cluster.getAsJsonArray("hosts");
        for (JsonElement e : hosts) {
            JsonObject h = e.getAsJsonObject();
            live.put(h.get("id").getAsString(), h.get("state").getAsString().equals("live"));
        }
        return live;
    }

    private JsonObject document(String id) throws SQLException {
        return JsonParser.parseString(query("SELECT document FROM jobs WHERE id = '" + id + "'")
                        .get(0))
                .getAsJsonObject();
    }

    private long count(String where) throws SQLException {
        return Long.parseLong(query("SELECT count(*) FROM jobs WHERE " + where).get(0));
    }

    private List<String> query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO \"" + schema + "\"");
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    private void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                PreparedStatement s = c.prepareStatement("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE")) {
            s.execute();
        }
    }

    private static void requireServer() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            System.out.println("ClusterIT uses " + URL + " as " + USER + ": " + rs.getString(1));
        } catch (SQLException e) {
            String why = "No PostgreSQL server at " + URL + " as user " + USER + " (" + e.getMessage()
                    + "); set CORDON_TEST_PG_URL, CORDON_TEST_PG_USER and CORDON_TEST_PG_PASSWORD, or run .ci/run.";
            if ("1".equals(System.getenv("CORDON_REQUIRE_POSTGRES"))) {
                fail(why + " CORDON_REQUIRE_POSTGRES=1 makes this a failure.");
            }
            Assumptions.abort(why);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** One host: a copy of the distribution with its own plugins, in cluster mode on the shared schema. */
    private static final class Host {
        private final String id;
        private final Path home;
        private Process process;

        private Host(String id, Path home) {
            this.id = id;
            this.home = home;
        }

        static Host prepare(Path dir, String id, Path password, String schema, String... plugins) throws Exception {
            Path home = Distribution.copyTo(dir.resolve(id));
            Path manifests = dir.resolve(id + "-plugins");
            for (String plugin : plugins) {
                if (plugin.startsWith("py-")) {
                    ExampleManifests.python(manifests, plugin);
                } else {
                    ExampleManifests.java(manifests, plugin);
                }
            }
            Files.writeString(home.resolve("etc/cordon.properties"), "cordon.plugins.paths = " + manifests + "\n");
            Files.writeString(
                    home.resolve("etc/dev.cordon.store.postgres.cfg"),
                    "url = " + URL + "\nuser = " + USER + "\npassword.file = " + password + "\nschema = " + schema
                            + "\npool.size = 3\n");
            Files.writeString(
                    home.resolve("etc/dev.cordon.jobs.cfg"),
                    "cluster = true\nhost.id = " + id + "\nlease.seconds = " + LEASE_S + "\nmax.running = 2\n");
            return new Host(id, home);
        }

        void start() throws Exception {
            process = CordonProcess.startNamed(home, "serve-", "serve");
        }

        void awaitReady() {
            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(CordonProcess.read(home.resolve("serve-stdout.txt")))
                            .as("host %s, stderr: %s", id, CordonProcess.read(home.resolve("serve-stderr.txt")))
                            .contains("Cordon ready")
                            .contains("pid " + process.pid()));
        }

        /** Runs Gogo commands through a shell attached to this host; returns what they printed. */
        String shell(String commands) throws Exception {
            CordonProcess.Result r = CordonProcess.runNamed(home, "shell-", 120, "shell", "-c", commands);
            assertThat(r.exitCode()).as("host %s: %s", id, r.stderr()).isZero();
            return r.stdout();
        }

        void signal(String name) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor()).as("kill -%s %s", name, process.pid()).isZero();
        }

        /** What this host's log and standard error say, for a failure's report. */
        void printDiagnostics() throws Exception {
            String log = log();
            System.out.println("ClusterIT: host " + id + " stderr:\n"
                    + CordonProcess.read(home.resolve("serve-stderr.txt")) + "\nhost " + id + " log (end):\n"
                    + log.substring(Math.max(0, log.length() - 6000)));
        }

        String log() throws Exception {
            return CordonProcess.read(home.resolve("data/logs/cordon.log"));
        }

        void kill() throws Exception {
            if (process != null) {
                List<ProcessHandle> workers = process.descendants().toList();
                if (process.isAlive()) {
                    // A stopped process cannot act on SIGTERM; SIGKILL ends it all the same.
                    process.destroyForcibly();
                }
                CordonProcess.kill(process);
                workers.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }
}
