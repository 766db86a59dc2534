package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.CompositionInvalidError;
import dev.cordon.api.error.CompositionProblem;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginTransientError;
import dev.cordon.api.host.JobQueue;
import dev.cordon.api.model.Composition;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.runtime.internal.jobs.compose.CompositionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code cordon:compose|composition|compositions}: compositions (DAGs of plugin calls) from the shell. */
@Component(
        service = ShellCommands.class,
        property = {
            ShellCommands.FUNCTIONS + "=compose",
            ShellCommands.FUNCTIONS + "=composition",
            ShellCommands.FUNCTIONS + "=compositions"
        })
public final class CompositionCommands implements ShellCommands {

    private final JobQueue queue;
    private final String home;

    @Activate
    public CompositionCommands(@Reference JobQueue queue, BundleContext context) {
        this.queue = queue;
        this.home = context.getProperty("cordon.home");
    }

    @Descriptor("queue a composition from a JSON file (docs/operations.md, Compositions); prints it")
    public String compose(
            CommandSession session,
            @Descriptor("wait for every node to end and print the composition then")
                    @Parameter(names = "--wait", presentValue = "true", absentValue = "false")
                    boolean await,
            @Descriptor("with --wait: the longest wait in seconds") @Parameter(names = "--timeout", absentValue = "300")
                    long timeoutSeconds,
            @Descriptor("the composition file; a relative path is looked up in the working directory, then in the"
                            + " Cordon home")
                    String file) {
        boolean json = JsonOption.requested(session);
        CompositionSpec spec = CompositionSpec.from(parse(resolve(file)));
        Composition c = queue.submitComposition(spec.nodes(), spec.mode(), spec.priority());
        if (await) {
            c = await(c.id(), timeoutSeconds);
        }
        return json ? Json.write(CompositionJson.map(c, queue::job)) : CompositionJson.text(c, queue::job);
    }

    @Descriptor("show a composition: its DAG with each node's state, result or error")
    public String composition(
            CommandSession session,
            @Descriptor("cancel every node of it that has not ended, then show it")
                    @Parameter(names = "--cancel", presentValue = "true", absentValue = "false")
                    boolean cancel,
            @Descriptor("composition id") String id) {
        boolean json = JsonOption.requested(session);
        if (cancel) {
            queue.cancelComposition(id);
        }
        Composition c = queue.composition(id).orElseThrow(() -> unknown(id));
        return json ? Json.write(CompositionJson.map(c, queue::job)) : CompositionJson.text(c, queue::job);
    }

    @Descriptor("list compositions, most recent first")
    public String compositions(
            CommandSession session,
            @Descriptor("at most this many") @Parameter(names = "--limit", absentValue = "50") int limit) {
        boolean json = JsonOption.requested(session);
        List<Composition> all = queue.compositions(0, limit);
        if (json) {
            return Json.write(
                    all.stream().map(c -> CompositionJson.map(c, queue::job)).toList());
        }
        if (all.isEmpty()) {
            return "no compositions";
        }
        StringBuilder b = new StringBuilder();
        for (Composition c : all) {
            long completed = c.states().values().stream()
                    .filter(s -> s.status() == dev.cordon.api.model.NodeStatus.COMPLETED)
                    .count();
            b.append(c.id())
                    .append("  ")
                    .append(String.format("%-9s", c.status().wire()))
                    .append("  ")
                    .append(completed)
                    .append('/')
                    .append(c.nodes().size())
                    .append(" nodes completed  submitted ")
                    .append(c.submittedAt())
                    .append('\n');
        }
        return b.toString().stripTrailing();
    }

    private Path resolve(String file) {
        Path given = Path.of(file);
        if (given.isAbsolute() || Files.isRegularFile(given) || home == null) {
            return given.toAbsolutePath();
        }
        Path inHome = Path.of(home).resolve(file);
        return Files.isRegularFile(inHome) ? inHome : given.toAbsolutePath();
    }

    private static Object parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PluginInputError(
                    "Cannot read the composition file " + file + " (" + e.getMessage()
                            + "); give the path of a JSON file, e.g. examples/compositions/diamond.json",
                    List.of("file"),
                    e);
        }
        try {
            return PlainJson.parse(text);
        } catch (RuntimeException e) {
            throw new CompositionInvalidError(
                    List.of(new CompositionProblem(file.toString(), "not valid JSON: " + e.getMessage())));
        }
    }

    private Composition await(String id, long timeoutSeconds) {
        try {
            return queue.compositionCompletion(id).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new PluginTransientError("Composition " + id + " did not end within " + timeoutSeconds
                    + " s; it keeps running: cordon:composition " + id + " shows it, cordon:composition --cancel "
                    + id + " stops it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginTransientError(
                    "Stopped waiting for composition " + id + "; it keeps running: cordon:composition " + id);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static PluginInputError unknown(String id) {
        return new PluginInputError(
                "No composition has the id '" + id + "'; cordon:compositions lists them", List.of("id"), null);
    }
}
