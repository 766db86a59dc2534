package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallContext;
import dev.cordon.api.host.ChunkStream;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.manager.PluginOperations;
import dev.cordon.runtime.internal.output.Destination;
import dev.cordon.runtime.internal.output.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cordon:exec} and {@code cordon:stream}: one call on an instance, keyword arguments as one JSON object. A
 * plugin name whose default instance is not loaded yet is loaded first.
 */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=exec", ShellCommands.FUNCTIONS + "=stream"})
public final class ExecCommands implements ShellCommands {

    private final PluginOperations host;

    @Activate
    public ExecCommands(@Reference PluginOperations host) {
        this.host = host;
    }

    @Descriptor("run a call and print its result")
    public String exec(
            CommandSession session,
            @Descriptor("run id sent with the call; the worker stamps the call's log lines with it")
                    @Parameter(names = "--run", absentValue = "")
                    String run,
            @Descriptor("who the call is made for; the worker stamps the call's log lines with it")
                    @Parameter(names = "--actor", absentValue = "")
                    String actor,
            @Descriptor("instance id (a plugin name runs its default instance)") String id,
            @Descriptor("keyword arguments as one JSON object, e.g. '{\"text\":\"hi\"}'") String... kwargs) {
        boolean json = JsonOption.requested(session);
        Call call = Call.kwargs(CommandArgs.object(String.join(" ", kwargs), "arguments"))
                .withContext(CommandArgs.context(run, actor));
        ensureLoaded(id);
        Object result;
        try (var retries = host.onRetry(r -> announce(id, r))) {
            result = host.execute(id, call);
        } catch (PluginCancelledError e) {
            cancelOnWorkerIfInterrupted(id, e);
            throw e;
        }
        return json ? Json.write(result) : PlainJson.compact(result);
    }

    @Descriptor(
            "run a streaming call; prints a progress bar when the arguments give the count 'n', or with --json all chunks"
                    + " as one JSON array at the end")
    public String stream(
            CommandSession session,
            @Descriptor("run id sent with the call; the worker stamps the call's log lines with it")
                    @Parameter(names = "--run", absentValue = "")
                    String run,
            @Descriptor("who the call is made for; the worker stamps the call's log lines with it")
                    @Parameter(names = "--actor", absentValue = "")
                    String actor,
            @Descriptor("instance id (a plugin name runs its default instance)") String id,
            @Descriptor("keyword arguments as one JSON object, e.g. '{\"n\":20}'") String... kwargs) {
        boolean json = JsonOption.requested(session);
        Map<String, Object> args = CommandArgs.object(String.join(" ", kwargs), "arguments");
        CallContext context = CommandArgs.context(run, actor);
        ensureLoaded(id);
        long total = args.get("n") instanceof Number n ? n.longValue() : -1;
        PrintStream console = session.getConsole();
        Progress progress = !json && total > 0 ? Progress.of(console, Destination.of(session), "", total) : null;
        List<Object> chunks = new ArrayList<>();
        try (var retries = host.onRetry(r -> announce(id, r));
                ChunkStream<Object> stream =
                        host.openStream(id, Call.kwargs(args).withContext(context))) {
            while (stream.hasNext()) {
                Object chunk = stream.next();
                chunks.add(chunk);
                if (progress != null) {
                    progress.update(chunks.size());
                } else if (!json) {
                    console.println(PlainJson.compact(chunk));
                }
            }
        } catch (PluginCancelledError e) {
            cancelOnWorkerIfInterrupted(id, e);
            throw e;
        }
        if (json) {
            return Json.write(chunks);
        }
        if (progress != null) {
            progress.finish();
            return chunks.size() + " chunk(s), last: "
                    + (chunks.isEmpty() ? "none" : PlainJson.compact(chunks.get(chunks.size() - 1)));
        }
        return chunks.size() + " chunk(s)";
    }

    /**
     * An interrupted command (Ctrl-C in the console) stopped waiting; the worker is asked to stop the work too. The
     * interrupt is set aside for that one control call and restored after it.
     */
    private void cancelOnWorkerIfInterrupted(String id, PluginCancelledError cancelled) {
        if (!Thread.interrupted()) {
            return;
        }
        try {
            host.cancel(id);
        } catch (RuntimeException e) {
            cancelled.addSuppressed(e);
        } finally {
            Thread.currentThread().interrupt();
        }
    }

    /** A retry of this command's call is told on stderr: its side effects may happen twice. */
    private static void announce(String id, dev.cordon.api.host.CallRetry retry) {
        if (retry.instanceId().equals(id)) {
            System.err.println("cordon: " + id + " failed (" + retry.reason() + "); retrying on a fresh worker ("
                    + retry.attempt() + " of " + retry.maxRetries() + ")");
        }
    }

    private void ensureLoaded(String id) {
        if (host.instance(id).isEmpty() && host.plugin(id).isPresent()) {
            host.ensureLoaded(id);
        }
    }
}
