package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.InstanceStats;
import dev.cordon.api.host.JobQueue;
import dev.cordon.api.host.PluginBinding;
import dev.cordon.api.host.PluginManager;
import dev.cordon.boot.CordonRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A real Spring Boot application with Cordon's starter and Actuator: the runtime starts with the application from
 * its properties, the application calls the Java and the Python echo plugin through injected bindings, the health
 * indicator reports the workers, and closing the application leaves no framework thread and no worker.
 */
class SpringBootStarterIT {

    @TempDir
    Path home;

    @Test
    void theStarterRunsCordonWithTheApplicationAndInjectsBindings() {
        Path dist = Distribution.assembled();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        long javaPid;
        long pythonPid;
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(EchoApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.main.banner-mode=off",
                        "cordon.home=" + home,
                        "cordon.bundles=" + dist.resolve("bundles"),
                        "cordon.worker.lib=" + dist.resolve("lib/worker"),
                        "cordon.worker.python=" + dist.resolve("lib/python/cordon_worker.py"),
                        "cordon.plugins.paths=" + dist.resolve("examples/manifests"),
                        "cordon.bindings=echo,py-echo")
                .run()) {
            Greeter greeter = app.getBean(Greeter.class);
            assertThat(greeter.greet("spring"))
                    .isEqualTo(List.of(
                            Map.of("args", List.of("spring"), "kwargs", Map.of()),
                            Map.of("args", List.of("spring"), "kwargs", Map.of())));

            CordonRuntime runtime = app.getBean(CordonRuntime.class);
            assertThat(runtime.home().data()).isEqualTo(home.resolve("data").toAbsolutePath());
            PluginManager plugins = app.getBean(PluginManager.class);
            javaPid = plugins.stats("echo").map(InstanceStats::pid).orElseThrow();
            pythonPid = plugins.stats("py-echo").map(InstanceStats::pid).orElseThrow();
            assertThat(Workers.running(javaPid)).isTrue();
            assertThat(Workers.running(pythonPid)).isTrue();
            // The queue bean is the runtime's queue: present exactly when a bundle provides one.
            assertThat(app.getBeanProvider(JobQueue.class).getIfAvailable())
                    .isEqualTo(runtime.jobs().orElse(null));

            HealthIndicator health = app.getBean("cordonHealthIndicator", HealthIndicator.class);
            var report = health.health();
            assertThat(report.getStatus()).as(report.getDetails().toString()).isEqualTo(Status.UP);
            assertThat(report.getDetails().get("workers"))
                    .isEqualTo(Map.of(
                            "echo", Map.of("pid", javaPid, "alive", true),
                            "py-echo", Map.of("pid", pythonPid, "alive", true)));
            assertThat(report.getDetails().get("stores"))
                    .isEqualTo(Map.of("config", "reachable", "secrets", "present"));

            // A worker that dies turns the application's health down.
            ProcessHandle.of(pythonPid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> health.health().getStatus().equals(Status.DOWN));
        }
        // The application's close stopped the framework and the workers: nothing of Cordon's is left.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(Workers.running(javaPid)).isFalse();
            assertThat(Workers.childWorkers()).isEmpty();
            assertThat(newThreads(before)).isEmpty();
        });
    }

    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                // The JDK's own pool that waits for child processes, started with the first worker and idle-timed.
                .filter(n -> !n.startsWith("awaitility") && !n.equals("process reaper"))
                .collect(Collectors.toSet());
    }

    /** The application: Boot's auto-configuration (with Cordon's starter) and one bean that uses two bindings. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class EchoApplication {

        @Bean
        Greeter greeter(@Qualifier("echo") PluginBinding echo, @Qualifier("py-echo") PluginBinding pyEcho) {
            return new Greeter(echo, pyEcho);
        }
    }

    /** Calls both echo plugins, loading each on first use. */
    record Greeter(PluginBinding echo, PluginBinding pyEcho) {

        List<Object> greet(String name) {
            return List.of(call(echo, name), call(pyEcho, name));
        }

        private static Object call(PluginBinding binding, String name) {
            if (!binding.isLoaded()) {
                binding.load(Optional.empty());
            }
            return binding.execute(new Call(List.of(name), Map.of()));
        }
    }
}
