package dev.cordon.runtime.internal.shell;

import dev.cordon.api.host.Call;
import dev.cordon.api.host.ChunkStream;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.manager.PluginOperations;
import dev.cordon.runtime.internal.output.Destination;
import dev.cordon.runtime.internal.output.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cordon:demo}: the main job of a fresh distribution. Runs the example plugins on real workers: a call on the
 * Java {@code echo}, a stream from {@code streamer} drawn as a progress bar, and a call on the Python
 * {@code py-echo}; then stops the workers it started.
 */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=demo"})
public final class DemoCommand implements ShellCommands {

    private static final long CHUNKS = 40;

    private final PluginOperations host;

    @Activate
    public DemoCommand(@Reference PluginOperations host) {
        this.host = host;
    }

    @Descriptor("run the example plugins: echo (Java), a stream with a progress bar, py-echo (Python)")
    public String demo(CommandSession session) {
        boolean json = JsonOption.requested(session);
        // With --json the narration is left out and one object sums the run up.
        PrintStream out = json ? new PrintStream(OutputStream.nullOutputStream()) : session.getConsole();
        Map<String, Object> summary = new LinkedHashMap<>();
        host.discover();
        List<String> started = new java.util.ArrayList<>();
        try {
            out.println("echo (Java worker):");
            started.add(load("echo", out));
            Object echoed = host.execute("echo", Call.kwargs(Map.of("text", "hello from Cordon")));
            summary.put("echo", echoed);
            out.println("  " + PlainJson.compact(echoed));

            out.println("streamer (Java worker, " + CHUNKS + " chunks):");
            started.add(load("streamer", out));
            long seen = 0;
            Object last = null;
            Progress progress = Progress.of(out, Destination.of(session), "  ", CHUNKS);
            try (ChunkStream<Object> chunks = host.openStream("streamer", Call.kwargs(Map.of("n", CHUNKS)))) {
                while (chunks.hasNext()) {
                    last = chunks.next();
                    seen++;
                    progress.update(seen);
                }
            }
            progress.finish();
            out.println("  last chunk: " + PlainJson.compact(last));
            summary.put("streamer", Map.of("chunks", seen, "last", last == null ? Map.of() : last));

            out.println("py-echo (Python worker):");
            started.add(load("py-echo", out));
            Object pyEchoed = host.execute("py-echo", Call.kwargs(Map.of("text", "hello from Python")));
            summary.put("py-echo", pyEchoed);
            out.println("  " + PlainJson.compact(pyEchoed));
            summary.put("workers_started_and_stopped", started.size());
            return json ? Json.write(summary) : "demo done: " + started.size() + " workers started and stopped";
        } finally {
            started.forEach(host::unload);
        }
    }

    private String load(String plugin, PrintStream out) {
        var instance = host.ensureLoaded(plugin);
        var stats = host.stats(instance.instanceId()).orElseThrow();
        out.println("  worker pid " + stats.pid() + " on port " + stats.port());
        return instance.instanceId();
    }
}
