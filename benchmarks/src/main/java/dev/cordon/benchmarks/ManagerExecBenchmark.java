package dev.cordon.benchmarks;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallContext;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.launcher.internal.LauncherSettings;
import dev.cordon.launcher.internal.ProcessWorkerLauncher;
import dev.cordon.protocol.Endpoint;
import dev.cordon.runtime.internal.manager.HostServices;
import dev.cordon.runtime.internal.manager.ManagerSettings;
import dev.cordon.runtime.internal.manager.PluginHost;
import dev.cordon.runtime.internal.proxy.ProxyTransport;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import dev.cordon.store.memory.InMemoryConfigStore;
import dev.cordon.store.memory.InMemorySecretStore;
import dev.cordon.store.sqlite.SqliteEmpiricalResourceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Execute through the plugin manager on a real Java worker (the echo example), with the permissive scheduler and
 * resource tracking on (samples measured by procfs and written to SQLite off the caller's path): one caller, a tiny
 * payload. Prints the median and 99th percentile latency and the calls per second as one JSON line, then the same
 * figures for the loop straight on the host proxy (no manager) on a fresh worker.
 *
 * <p>System properties: {@code cordon.worker.lib} (the worker's module path), {@code cordon.examples} (the examples
 * folder, for echo's environment), {@code calls} (measured calls, default 20000), {@code warmup} (default 100000),
 * {@code tracking} ({@code false} to measure without resource samples), {@code context} ({@code true}: every call
 * carries a job id, run id and actor, sent as call headers and stamped on the worker; the baseline then too).
 */
public final class ManagerExecBenchmark {

    private ManagerExecBenchmark() {}

    /**
     * The same loop straight on the host proxy, the way the manager calls it (a blocking call on the caller's own
     * loop), without the manager: what the manager adds is the difference.
     */
    private static void baseline(
            ProcessWorkerLauncher launcher, Path manifest, Path work, Call call, int warmup, int calls) {
        WorkerHandle handle = launcher.launch(
                PluginLoadSpec.of("echo", manifest),
                new WorkerLauncher.LaunchOptions(
                        "echo-baseline", Map.of(), work.resolve("baseline.log"), Duration.ofSeconds(30)));
        try (ProxyTransport transport = new ProxyTransport(2);
                WorkerClient client = new WorkerClient(handle, "echo", transport, 8)) {
            client.call(Endpoint.INITIALIZE, Map.of(), Duration.ofSeconds(30));
            Duration timeout = Duration.ofMinutes(1);
            for (int i = 0; i < warmup; i++) {
                client.executeReply(call, timeout).join();
            }
            long[] nanos = new long[calls];
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                client.executeReply(call, timeout).join();
                nanos[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(nanos);
            System.out.printf(
                    "{\"bench\": \"proxy-exec-baseline\", \"calls\": %d, \"p50_us\": %.1f, \"p99_us\": %.1f,"
                            + " \"calls_per_s\": %.0f}%n",
                    calls, nanos[calls / 2] / 1e3, nanos[(int) (calls * 0.99)] / 1e3, calls / seconds);
        } finally {
            handle.stop(Duration.ofSeconds(2));
        }
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.getInteger("calls", 20_000);
        // Steady state: both JVMs' JITs finish compiling the call path within this many calls on 2 cores.
        int warmup = Integer.getInteger("warmup", 100_000);
        Path work = WorkFolder.create("cordon-bench-manager");
        Path manifests = Files.createDirectories(work.resolve("manifests"));
        Path env = Path.of(System.getProperty("cordon.examples"), "echo", "target", "env")
                .toAbsolutePath();
        Files.writeString(manifests.resolve("echo.json"), """
                {"format_version": "2.0",
                 "install": {"python_path": "", "runtime": "java", "env_dir": "%s"},
                 "code": {"name": "echo", "version": "1.0.0", "description": "echo", "module": "",
                          "class": "dev.cordon.examples.echo.EchoPlugin",
                          "interface": "dev.cordon.api.plugin.Plugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """.formatted(env));
        boolean withContext = Boolean.getBoolean("context");
        ManagerSettings settings = ManagerSettings.defaults(work.resolve("data"), work.resolve("deploy"))
                .withSearchPaths(List.of(manifests))
                .withResourceTracking(Boolean.parseBoolean(System.getProperty("tracking", "true")));
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(LauncherSettings.fromSystemProperties());
        try (SqliteEmpiricalResourceStore samples = new SqliteEmpiricalResourceStore(work.resolve("samples.db"));
                PluginHost host = new PluginHost(
                        settings,
                        HostServices.of(
                                launcher,
                                new PermissiveScheduler(),
                                new InMemoryConfigStore(),
                                new InMemorySecretStore(),
                                samples,
                                new ProcSystemMonitor(
                                        Path.of("/proc"),
                                        Path.of("/sys/fs/cgroup"),
                                        Optional.empty(),
                                        Duration.ofSeconds(5))))) {
            host.discover();
            host.ensureLoaded("echo");
            Call call = Call.kwargs(Map.of("text", "hi"));
            if (withContext) {
                call = call.withContext(
                        new CallContext(Optional.of("job-0001"), Optional.of("run-0001"), Optional.of("bench")));
            }
            for (int i = 0; i < warmup; i++) {
                host.execute("echo", call);
            }
            long[] nanos = new long[calls];
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                host.execute("echo", call);
                nanos[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(nanos);
            long[] counts = host.sampleCounts();
            host.unloadAll();
            baseline(launcher, manifests.resolve("echo.json"), work, call, warmup, calls);
            System.out.printf(
                    "{\"bench\": \"manager-exec\", \"tracking\": %s, \"context\": %s, \"calls\": %d, \"p50_us\": %.1f,"
                            + " \"p99_us\": %.1f, \"calls_per_s\": %.0f, \"samples_written\": %d,"
                            + " \"samples_dropped\": %d}%n",
                    settings.resourceTracking(),
                    withContext,
                    calls,
                    nanos[calls / 2] / 1e3,
                    nanos[(int) (calls * 0.99)] / 1e3,
                    calls / seconds,
                    counts[0],
                    counts[1]);
        }
    }
}
