package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cordon's features repository in a stock Apache Karaf 4.4, unpacked from Maven Central's tarball and driven as an
 * operator drives it, through {@code bin/client}: {@code feature:repo-add} and {@code feature:install cordon}, the
 * echo and py-echo plugins called with Cordon's commands in Karaf's console, {@code feature:uninstall cordon}, and no
 * worker left. Karaf resolves Cordon's artifacts from its own {@code system/} repository, where this test puts the
 * build's output.
 */
class KarafFeatureIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    private static Path karaf;
    private static Process server;
    private static int sshPort;

    @BeforeAll
    static void startStockKaraf() throws Exception {
        Path tarball = Path.of(property("cordon.karaf.tarball"));
        run(List.of("tar", "xzf", tarball.toString(), "-C", dir.toString()), dir, Duration.ofSeconds(120));
        try (Stream<Path> unpacked = Files.list(dir)) {
            karaf = unpacked.filter(p -> p.getFileName().toString().startsWith("apache-karaf-"))
                    .findFirst()
                    .orElseThrow();
        }
        copyTree(Path.of(property("cordon.karaf.repo")), karaf.resolve("system"));
        // The plugins an operator installed beside Karaf: the example manifests and their code.
        copyTree(Distribution.assembled().resolve("examples"), karaf.resolve("cordon/examples"));

        sshPort = freePort();
        append("etc/org.apache.karaf.shell.cfg", "sshPort = " + sshPort, "sshHost = 127.0.0.1");
        append(
                "etc/org.apache.karaf.management.cfg",
                "rmiRegistryPort = " + freePort(),
                "rmiServerPort = " + freePort(),
                "rmiRegistryHost = 127.0.0.1",
                "rmiServerHost = 127.0.0.1");
        append(
                "etc/users.properties",
                "karaf = karaf,_g_:admingroup",
                "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh");

        server = new ProcessBuilder("sh", karaf.resolve("bin/karaf").toString(), "server")
                .directory(karaf.toFile())
                .redirectErrorStream(true)
                .redirectOutput(karaf.resolve("karaf-server.out").toFile())
                .start();
    }

    @AfterAll
    static void stopKaraf() throws Exception {
        if (server == null) {
            return;
        }
        // bin/karaf is a shell script that runs Karaf's JVM as its child: SIGTERM to the JVM shuts Karaf down (and
        // its workers with it), then the script ends.
        List<ProcessHandle> tree = new ArrayList<>(server.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        tree.add(server.toHandle());
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theCordonFeatureInstallsIntoStockKarafServesPluginsAndUninstallsCleanly() throws Exception {
        String version = property("cordon.version");
        String installed = client("feature:repo-add mvn:dev.cordon/cordon-features/" + version
                + "/xml/features; feature:install cordon;" + " feature:list -i | grep cordon");
        assertThat(installed).contains("cordon").contains("Started");
        // The Karaf way: the feature's settings are PIDs in etc/, its data below ${karaf.data}/cordon.
        assertThat(karaf.resolve("etc/dev.cordon.host.cfg")).exists();
        assertThat(karaf.resolve("cordon/lib/python/cordon_worker.py")).exists();

        // A command's result is printed by Karaf's interactive console; over an exec channel echo prints it.
        String java = client("echo (cordon:exec echo '{\"text\":\"karaf\"}')");
        assertThat(java.replaceAll("\\s", "")).contains("\"kwargs\":{\"text\":\"karaf\"}");
        String python = client("echo (cordon:exec py-echo '{\"text\":\"karaf\"}')");
        assertThat(python.replaceAll("\\s", "")).contains("\"kwargs\":{\"text\":\"karaf\"}");
        long javaPid = pid("echo");
        long pythonPid = pid("py-echo");
        assertThat(Workers.running(javaPid)).isTrue();
        assertThat(Workers.running(pythonPid)).isTrue();
        assertThat(karaf.resolve("data/cordon/cordon.db")).exists();
        assertThat(karaf.resolve("data/cordon/logs")).isDirectory();

        client("feature:uninstall cordon");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(List.of(javaPid, pythonPid)).noneMatch(Workers::running));
        assertThat(client("bundle:list -s -t 0"))
                .contains("org.apache.karaf.features.core")
                .doesNotContain("dev.cordon.runtime");
    }

    /**
     * The worker of {@code plugin} (the only Java or the only Python plugin loaded) that this test's Karaf started:
     * its command line names this Karaf's folder.
     */
    private static long pid(String plugin) {
        String marker = plugin.equals("py-echo") ? "cordon_worker.py" : "dev.cordon.worker/";
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .commandLine()
                        .filter(Workers::isWorker)
                        .filter(line -> line.contains(karaf.toString()) && line.contains(marker))
                        .isPresent())
                .findFirst()
                .orElseThrow(() -> new AssertionError("No worker of " + plugin + " runs under " + karaf))
                .pid();
    }

    /** Runs one console line through bin/client, retrying the connection while Karaf starts; returns its output. */
    private static String client(String command) throws Exception {
        return run(
                List.of(
                        "sh",
                        karaf.resolve("bin/client").toString(),
                        "-a",
                        Integer.toString(sshPort),
                        "-h",
                        "127.0.0.1",
                        "-u",
                        "karaf",
                        "-p",
                        "karaf",
                        "-r",
                        "90",
                        "-d",
                        "2",
                        command),
                karaf,
                COMMAND_TIMEOUT);
    }

    private static String run(List<String> command, Path workDir, Duration timeout) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("Timed out after " + timeout.toSeconds() + " s: " + command + "\n"
                    + Files.readString(out) + "\nKaraf's log:\n" + karafLog());
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || output.contains("Error executing command")) {
            throw new AssertionError("Failed (exit " + p.exitValue() + "): " + command + "\n" + output
                    + "\nKaraf's log:\n" + karafLog());
        }
        return output;
    }

    private static String karafLog() throws IOException {
        Path log = karaf.resolve("data/log/karaf.log");
        if (!Files.exists(log)) {
            return "(none)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void append(String file, String... lines) throws IOException {
        Files.writeString(karaf.resolve(file), "\n" + String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("The system property " + name + " is not set: run this test through Maven");
        }
        return value;
    }
}
