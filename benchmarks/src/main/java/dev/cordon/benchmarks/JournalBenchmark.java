package dev.cordon.benchmarks;

import dev.cordon.api.host.Call;
import dev.cordon.runtime.internal.journal.Journal;
import dev.cordon.runtime.internal.journal.JournalStats;
import dev.cordon.runtime.internal.journal.JournalWriter;
import dev.cordon.runtime.internal.manager.HostServices;
import dev.cordon.runtime.internal.manager.ManagerSettings;
import dev.cordon.runtime.internal.manager.PluginHost;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import dev.cordon.store.memory.InMemoryConfigStore;
import dev.cordon.store.memory.InMemorySecretStore;
import dev.cordon.store.sqlite.SqliteEmpiricalResourceStore;
import dev.cordon.store.sqlite.SqliteJournalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The journal's cost on the call path: execute through the plugin manager on a real Java worker (echo, resource
 * tracking on, as {@code manager-exec}), with the journal on (every call's admission is a record, written to SQLite
 * by the journal's writer thread) and off, alternating blocks in the same run so both see the same machine. Prints
 * the p50/p99 of each mode and the records written per second while the calls ran, as one JSON line.
 *
 * <p>System properties: {@code cordon.worker.lib}, {@code cordon.examples} (as {@code manager-exec}), {@code calls}
 * (measured calls per mode, default 20000), {@code blocks} (alternations, default 10), {@code warmup} (default
 * 50000).
 */
public final class JournalBenchmark {

    private JournalBenchmark() {}

    public static void main(String[] args) throws Exception {
        int calls = Integer.getInteger("calls", 20_000);
        int blocks = Integer.getInteger("blocks", 10);
        int warmup = Integer.getInteger("warmup", 50_000);
        int perBlock = Math.max(1, calls / blocks);
        Path work = WorkFolder.create("cordon-bench-journal");
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
        ManagerSettings settings = ManagerSettings.defaults(work.resolve("data"), work.resolve("deploy"))
                .withSearchPaths(List.of(manifests));
        var launcher = new dev.cordon.launcher.internal.ProcessWorkerLauncher(
                dev.cordon.launcher.internal.LauncherSettings.fromSystemProperties());
        AtomicReference<Journal> journal = new AtomicReference<>(Journal.OFF);
        try (SqliteEmpiricalResourceStore samples = new SqliteEmpiricalResourceStore(work.resolve("cordon.db"));
                SqliteJournalStore store = new SqliteJournalStore(work.resolve("cordon.db"));
                JournalWriter writer = new JournalWriter(65_536, () -> store)) {
            HostServices base = HostServices.of(
                    launcher,
                    new PermissiveScheduler(),
                    new InMemoryConfigStore(),
                    new InMemorySecretStore(),
                    samples,
                    new ProcSystemMonitor(
                            Path.of("/proc"), Path.of("/sys/fs/cgroup"), Optional.empty(), Duration.ofSeconds(5)));
            HostServices services = new HostServices(
                    base.launcher(),
                    base.scheduler(),
                    base.configs(),
                    base.secrets(),
                    base.resources(),
                    base.monitor(),
                    journal::get);
            try (PluginHost host = new PluginHost(settings, services)) {
                host.discover();
                host.ensureLoaded("echo");
                Call call = Call.kwargs(Map.of("text", "hi"));
                journal.set(writer);
                for (int i = 0; i < warmup; i++) {
                    host.execute("echo", call);
                }
                long[] on = new long[perBlock * blocks];
                long[] off = new long[perBlock * blocks];
                long onNanos = 0;
                long writtenBefore = writer.stats().written();
                for (int b = 0; b < blocks; b++) {
                    journal.set(Journal.OFF);
                    measure(host, call, off, b * perBlock, perBlock);
                    journal.set(writer);
                    long t0 = System.nanoTime();
                    measure(host, call, on, b * perBlock, perBlock);
                    onNanos += System.nanoTime() - t0;
                }
                JournalStats stats = writer.stats();
                long written = stats.written() - writtenBefore;
                Arrays.sort(on);
                Arrays.sort(off);
                System.out.printf(
                        "{\"bench\": \"journal\", \"calls_per_mode\": %d, \"blocks\": %d,"
                                + " \"journal_on_p50_us\": %.1f, \"journal_on_p99_us\": %.1f,"
                                + " \"journal_off_p50_us\": %.1f, \"journal_off_p99_us\": %.1f,"
                                + " \"records_written_per_s\": %.0f, \"records_dropped\": %d}%n",
                        on.length,
                        blocks,
                        on[on.length / 2] / 1e3,
                        on[(int) (on.length * 0.99)] / 1e3,
                        off[off.length / 2] / 1e3,
                        off[(int) (off.length * 0.99)] / 1e3,
                        written / (onNanos / 1e9),
                        stats.dropped());
                host.unloadAll();
            }
        }
    }

    private static void measure(PluginHost host, Call call, long[] nanos, int from, int count) {
        for (int i = from; i < from + count; i++) {
            long t0 = System.nanoTime();
            host.execute("echo", call);
            nanos[i] = System.nanoTime() - t0;
        }
    }
}
