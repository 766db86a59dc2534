package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.Manifests;
import dev.cordon.manifest.archive.PluginArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java plugin from its project to a call: the project {@code cordon new java} writes is built by {@code mvn
 * package} (once for the class) into a plugin archive, which is installed as an archive and by its Maven
 * coordinates from a local repository, and hot-deployed through {@code deploy/} of a running {@code serve}, where a
 * corrupt archive is refused without disturbing the runtime.
 */
class JavaPluginPackagesIT {

    private static final String EXEC = "cordon:exec wordcount '{\"text\":\"hi\"}'";

    @TempDir
    static Path dir;

    private static Path project;
    private static Path archive;

    @BeforeAll
    static void buildThePluginProject() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("new-home"));
        project = dir.resolve("wordcount");
        CordonProcess.Result created =
                CordonProcess.run(home, 60, "new", "java", "wordcount", "--dir", project.toString());
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.stdout()).contains("mvn -q package");
        archive = PluginProjects.mvnPackage(project, dir);
        assertThat(archive.getFileName().toString()).isEqualTo("wordcount-0.1.0.zip");
    }

    @Test
    void theArchiveInstallsIdempotentlyAndItsPluginAnswers() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("archive-home"));

        assertThat(install(home, "--archive", archive.toString())).contains("installed wordcount");
        Path manifest = home.resolve("data/manifests/wordcount.json");
        assertThat(Manifests.read(manifest).install().envDir()).isEqualTo("../envs/wordcount");
        assertThat(home.resolve("data/envs/wordcount/wordcount-0.1.0.jar")).isRegularFile();
        assertThat(install(home, "--archive", archive.toString())).contains("unchanged wordcount");
        assertThat(install(home, "--archive", archive.toString(), "--force")).contains("reinstalled wordcount");

        CordonProcess.Result exec = CordonProcess.run(home, 120, "shell", "-c", EXEC);
        assertThat(exec.exitCode()).as(exec.stderr()).isZero();
        assertThat(exec.stdout()).contains("\"text\"").contains("\"hi\"").contains("\"count\"");
    }

    @Test
    void itsCoordinatesInstallFromALocalRepositoryOffline() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("maven-home"));
        Path repository = dir.resolve("test-repository");
        Path version = Files.createDirectories(repository.resolve("com/example/wordcount/0.1.0"));
        Files.copy(project.resolve("target/wordcount-0.1.0.jar"), version.resolve("wordcount-0.1.0.jar"));
        Files.copy(project.resolve("pom.xml"), version.resolve("wordcount-0.1.0.pom"));
        Files.writeString(
                home.resolve("etc/cordon.properties"),
                "\ncordon.install.maven.local=" + repository + "\ncordon.install.maven.offline=true\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(install(home, "--package", "com.example:wordcount:0.1.0")).contains("installed wordcount");

        Manifest installed = Manifests.read(home.resolve("data/manifests/wordcount.json"));
        assertThat(installed.code().className()).isEqualTo("com.example.wordcount.WordcountPlugin");
        assertThat(installed.install().packageSource()).isEqualTo("com.example:wordcount:0.1.0");
        assertThat(installed.configSchemaHash())
                .as("introspected at install as at build")
                .isEqualTo(PluginArchives.verify(archive).manifest().configSchemaHash());
        CordonProcess.Result exec = CordonProcess.run(home, 120, "shell", "-c", EXEC);
        assertThat(exec.exitCode()).as(exec.stderr()).isZero();
        assertThat(exec.stdout()).contains("\"hi\"");
    }

    @Test
    void anArchiveDeployedIntoARunningServeIsServedAndRemovedAndACorruptOneIsRefused() throws Exception {
        Path home = Distribution.copyTo(dir.resolve("deploy-home"));
        Path log = home.resolve("data/logs/cordon.log");
        Process serve = CordonProcess.startNamed(home, "serve-", "serve");
        try {
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(CordonProcess.read(log))
                            .as("stderr: %s", CordonProcess.read(home.resolve("serve-stderr.txt")))
                            .containsPattern("Cordon \\S+ started"));
            Path deployed = drop(archive, home.resolve("deploy/wordcount-0.1.0.zip"));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(CordonProcess.read(log)).contains("Deployed plugin wordcount"));
            CordonProcess.Result exec = CordonProcess.run(home, 120, "shell", "-c", EXEC);
            assertThat(exec.exitCode()).as(exec.stderr()).isZero();
            assertThat(exec.stdout()).contains("\"hi\"");

            Path corrupt = home.resolve("deploy/corrupt.zip");
            Path staged = Files.writeString(dir.resolve("corrupt.zip"), "PK this is no zip");
            drop(staged, corrupt);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(CordonProcess.read(log)).contains("Plugin archive " + corrupt + " refused"));
            CordonProcess.Result plugins = CordonProcess.run(home, 60, "shell", "-c", "cordon:plugins");
            assertThat(plugins.stdout())
                    .contains("skipped " + corrupt + ": refused plugin archive: it is not a zip archive")
                    .contains("wordcount");
            CordonProcess.Result again = CordonProcess.run(home, 120, "shell", "-c", EXEC);
            assertThat(again.stdout())
                    .as("the runtime still serves after the refusal")
                    .contains("\"hi\"");

            Files.delete(deployed);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(CordonProcess.read(log)).contains("Removed plugin wordcount"));
            assertThat(home.resolve("data/envs/wordcount")).doesNotExist();
            CordonProcess.Result gone = CordonProcess.run(home, 60, "shell", "-c", EXEC);
            assertThat(gone.exitCode()).isNotZero();
            assertThat(gone.stderr() + gone.stdout()).contains("wordcount");
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                CordonProcess.kill(serve);
            }
        }
    }

    /** Copies beside the target and moves it in, so the deploy folder never sees a half-written archive. */
    private static Path drop(Path source, Path target) throws IOException {
        Path staged = target.resolveSibling("." + target.getFileName() + ".part");
        Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code bin/cordon install ARGS}, which must succeed; returns what it printed. */
    private static String install(Path home, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "install";
        System.arraycopy(args, 0, command, 1, args.length);
        CordonProcess.Result result = CordonProcess.run(home, 180, command);
        assertThat(result.exitCode())
                .as("stdout %s, stderr %s", result.stdout(), result.stderr())
                .isZero();
        return result.stdout();
    }
}
