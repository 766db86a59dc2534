package dev.cordon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cordon.api.error.PluginError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallContext;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher.LaunchOptions;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest written by the original library (no Cordon runtime kind) starts the original's worker the original
 * way — {@code python -m cjm_plugin_system.core.worker --port P --ppid N}, ready when /health answers — and is
 * driven through the same proxy. The original package is not installable here; a stand-in module (test resources)
 * subclasses Cordon's Python worker to answer as the original does.
 */
class CjmLaunchTest {

    private static final Duration CALL = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @AfterAll
    static void noWorkerRemains() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                                .filter(p -> p.info()
                                        .commandLine()
                                        .map(c -> c.contains("cjm_plugin_system.core.worker"))
                                        .orElse(false))
                                .toList())
                        .isEmpty());
    }

    @Test
    void anOriginalManifestRunsOnTheOriginalWorkerAndAnswersThroughTheProxy() throws Exception {
        Path manifest = cjmManifest("py_echo", "EchoPlugin");
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());

        WorkerHandle handle = launcher.launch(
                PluginLoadSpec.of("py-echo", manifest),
                new LaunchOptions("py-echo-cjm", Map.of(), dir.resolve("cjm.log"), Duration.ofSeconds(30)));
        try (ProxyTransport transport = new ProxyTransport(1);
                WorkerClient client = new WorkerClient(handle, "py-echo", transport, 2)) {
            assertThat(handle.runtime()).isEqualTo(RuntimeKind.CJM);
            String commandLine = ProcessHandle.of(handle.pid())
                    .flatMap(p -> p.info().commandLine())
                    .orElse("");
            assertThat(commandLine)
                    .contains(
                            "-m cjm_plugin_system.core.worker",
                            "--port",
                            "--ppid " + ProcessHandle.current().pid());
            assertThat(client.call(Endpoint.HEALTH, null, CALL).toString()).contains("running");
            assertThat(client.execute(List.of("a"), Map.of("k", 1L), CALL).toString())
                    .contains("a")
                    .contains("k");
            Call withContext = new Call(
                    List.of("b"),
                    Map.of(),
                    new CallContext(Optional.of("job-1"), Optional.of("run-1"), Optional.of("Jane Doe")));
            assertThat(client.executeAsync(withContext, CALL).join().toString())
                    .as("the call headers are ignored by the original's worker")
                    .contains("b");
            HttpRequest.Builder request = HttpRequest.newBuilder(handle.url().resolve("/no-such-endpoint"))
                    .timeout(CALL)
                    .GET();
            handle.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
            HttpResponse<String> unknown =
                    HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
        } finally {
            handle.stop(Duration.ofSeconds(5));
        }
        assertThat(handle.isAlive()).isFalse();
    }

    @Test
    void aCjmWorkerThatCannotStartIsReportedWithItsLog() throws Exception {
        Path manifest = cjmManifest("no_such_module", "Nothing");
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());

        assertThatThrownBy(() -> launcher.launch(
                        PluginLoadSpec.of("broken", manifest),
                        new LaunchOptions("broken-cjm", Map.of(), dir.resolve("broken.log"), Duration.ofSeconds(30))))
                .isInstanceOf(PluginError.class)
                .hasMessageContaining("broken.log");
    }

    private Path cjmManifest(String module, String className) throws Exception {
        Path standIn = resource("cjm-stand-in");
        Path examples =
                Path.of(System.getProperty("cordon.examples")).toAbsolutePath().normalize();
        String pythonPath = String.join(
                ":",
                standIn.toString(),
                examples.resolveSibling("worker-python").toString(),
                examples.resolve("py-echo").toString());
        Path manifest = dir.resolve(module + ".json");
        // No install.runtime: a manifest as the original library writes it.
        Files.writeString(manifest, """
                {"format_version": "2.0",
                 "install": {"python_path": "/usr/bin/python3", "env_vars": {"PYTHONPATH": "%s"}},
                 "code": {"name": "py-echo", "version": "1.0.0", "description": "echo", "module": "%s",
                          "class": "%s", "interface": "cordon_plugin.CordonPlugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(pythonPath, module, className));
        return manifest;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CjmLaunchTest.class.getClassLoader().getResource(name).toURI());
    }
}
