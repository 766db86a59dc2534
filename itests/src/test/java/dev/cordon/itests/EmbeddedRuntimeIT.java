package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.PluginBinding;
import dev.cordon.api.host.RuntimeInfo;
import dev.cordon.boot.CordonRuntime;
import dev.cordon.boot.DataFolderInUseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application without OSGi on its own side runs Cordon in its JVM and uses it through the API. */
class EmbeddedRuntimeIT {

    @TempDir
    Path home;

    @Test
    void embeddedRuntimeServesTheApiAndLeavesNoThreadBehind() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        try (CordonRuntime cordon = CordonRuntime.builder()
                .home(home)
                .bundlesDir(Distribution.assembled().resolve("bundles"))
                .start()) {
            assertThat(cordon.bundleFailures()).isEmpty();
            // The caller's own RuntimeInfo class: the system bundle exports the api from this class path.
            RuntimeInfo info = cordon.service(RuntimeInfo.class, Duration.ofSeconds(20));
            assertThat(info.dataDir()).isEqualTo(home.resolve("data").toAbsolutePath());
            assertThat(info.bundles())
                    .allSatisfy(b -> assertThat(b.state()).as(b.symbolicName()).isEqualTo("ACTIVE"));
            assertThat(info.bundles())
                    .extracting(RuntimeInfo.BundleState::symbolicName)
                    .contains("dev.cordon.runtime", "org.apache.felix.scr")
                    .doesNotContain("dev.cordon.api");
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
    }

    @Test
    void fileInstallKeepsItsWorkFolderInTheBundleCacheNotInTmp() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = fileInstallFolders(tmp);

        try (CordonRuntime cordon = CordonRuntime.builder()
                .home(home)
                .bundlesDir(Distribution.assembled().resolve("bundles"))
                .start()) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Files.isDirectory(home.resolve("data/cache/fileinstall"))
                            && Files.isDirectory(home.resolve("data/cache/fileinstall-etc")));
            // A killed host never removes a folder of its own in /tmp; the bundle cache is wiped at the next start.
            assertThat(fileInstallFolders(tmp)).isSubsetOf(before);
        }
    }

    private static Set<Path> fileInstallFolders(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("fileinstall-"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void anApplicationBindsAPluginAndCallsItOnARealWorker() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Path dist = Distribution.assembled();
        long pid;
        try (CordonRuntime cordon = CordonRuntime.builder()
                .home(home)
                .bundlesDir(dist.resolve("bundles"))
                .property("cordon.worker.lib", dist.resolve("lib/worker").toString())
                .property(
                        "cordon.plugins.paths",
                        dist.resolve("examples/manifests").toString())
                .start()) {
            PluginBinding echo = cordon.bind("echo", Duration.ofSeconds(20));
            echo.load(Optional.empty());
            assertThat(echo.execute(new Call(List.of("hi"), Map.of("n", 1L))))
                    .isEqualTo(Map.of("args", List.of("hi"), "kwargs", Map.of("n", 1L)));
            assertThat(cordon.plugins(Duration.ofSeconds(1)).instance("echo")).isPresent();
            // The worker is a child of this JVM: the runtime runs in it.
            pid = ProcessHandle.current()
                    .children()
                    .filter(p -> p.info().commandLine().map(Workers::isWorker).orElse(false))
                    .findFirst()
                    .orElseThrow()
                    .pid();
            // The runtime bundle provides the job queue.
            assertThat(cordon.jobs(Duration.ofSeconds(20))).isNotNull();
        }
        // Nothing the runtime started may keep this JVM alive once close() has returned, not even for a moment.
        assertThat(newNonDaemonThreads(before)).isEmpty();
        // Closing the runtime stops the manager, which stops its workers.
        await().atMost(Duration.ofSeconds(10)).until(() -> !Workers.running(pid));
    }

    @Test
    void aSecondRuntimeOnTheSameDataFolderRefusesNamingThisProcess() {
        Path bundles = Distribution.assembled().resolve("bundles");
        try (CordonRuntime first =
                CordonRuntime.builder().home(home).bundlesDir(bundles).start()) {
            assertThatThrownBy(() -> CordonRuntime.builder()
                            .home(home)
                            .bundlesDir(bundles)
                            .start())
                    .isInstanceOfSatisfying(DataFolderInUseException.class, e -> {
                        assertThat(e.pid()).hasValue(ProcessHandle.current().pid());
                        assertThat(e.dataDir()).isEqualTo(home.resolve("data").toAbsolutePath());
                    })
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(first.isRunning()).isTrue();
        }
        // Released at close: the next runtime starts.
        try (CordonRuntime next =
                CordonRuntime.builder().home(home).bundlesDir(bundles).start()) {
            assertThat(next.isRunning()).isTrue();
        }
    }

    private static Set<String> newNonDaemonThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                .map(Thread::getName)
                .filter(n -> !n.startsWith("awaitility"))
                .collect(Collectors.toSet());
    }

    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(n -> !n.startsWith("awaitility"))
                .collect(Collectors.toSet());
    }
}
