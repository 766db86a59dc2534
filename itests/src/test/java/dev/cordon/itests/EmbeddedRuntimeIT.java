package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.host.RuntimeInfo;
import dev.cordon.runtime.embed.CordonRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
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
            assertThat(info.bundles()).allSatisfy(b -> assertThat(b.state()).as(b.symbolicName()).isEqualTo("ACTIVE"));
            assertThat(info.bundles()).extracting(RuntimeInfo.BundleState::symbolicName)
                    .contains("dev.cordon.runtime", "org.apache.felix.scr")
                    .doesNotContain("dev.cordon.api");
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
    }

    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(n -> !n.startsWith("awaitility"))
                .collect(Collectors.toSet());
    }
}
