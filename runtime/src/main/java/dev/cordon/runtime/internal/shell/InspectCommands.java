package dev.cordon.runtime.internal.shell;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotLoadedError;
import dev.cordon.api.host.InstanceStats;
import dev.cordon.api.model.WorkerEnvStatus;
import dev.cordon.api.store.SecretValue;
import dev.cordon.runtime.internal.manager.PluginOperations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cordon:stats|env}: an instance's worker and call counters, and a plugin's worker
 * environment (where each declared variable comes from; secrets can be set or removed, never shown).
 */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=stats", ShellCommands.FUNCTIONS + "=env"})
public final class InspectCommands implements ShellCommands {

    private static final String NONE = "";

    private final PluginOperations host;

    @Activate
    public InspectCommands(@Reference PluginOperations host) {
        this.host = host;
    }

    @Descriptor("show the worker (pid, port, memory, CPU) and call counters of loaded instances")
    public String stats(
            CommandSession session, @Descriptor("instance ids; none means every loaded instance") String... ids) {
        boolean json = JsonOption.requested(session);
        List<InstanceStats> stats = ids.length == 0
                ? host.instances().stream()
                        .map(i -> host.stats(i.instanceId()).orElseThrow())
                        .toList()
                : java.util.Arrays.stream(ids)
                        .map(id -> host.stats(id).orElseThrow(() -> new PluginNotLoadedError(id)))
                        .toList();
        if (json) {
            return Json.write(ids.length == 1 ? stats.get(0) : stats);
        }
        StringBuilder sb = new StringBuilder();
        for (InstanceStats s : stats) {
            sb.append(String.format(
                    "%-20s pid %-7d port %-5d %s calls %d in-flight %d%s%s%n",
                    s.instanceId(),
                    s.pid(),
                    s.port(),
                    s.enabled() ? "enabled " : "disabled",
                    s.calls(),
                    s.inFlight(),
                    s.maxConcurrentRequests().isPresent()
                            ? " cap " + s.maxConcurrentRequests().getAsInt()
                            : "",
                    s.rssMb().isPresent()
                            ? String.format(
                                    " rss %.0f MB cpu %.0f%%",
                                    s.rssMb().getAsDouble(), s.cpuPercent().orElse(0))
                            : ""));
        }
        return stats.isEmpty() ? "no instance loaded" : sb.toString().stripTrailing();
    }

    @Descriptor("show where each declared worker variable of a plugin comes from; --set KEY (the value is read from"
            + " a hidden prompt or standard input) or --unset KEY changes a secret and respawns the plugin's loaded"
            + " instances")
    public String env(
            CommandSession session,
            @Descriptor("store a secret under KEY; its value is typed at a hidden prompt or given on standard input")
                    @Parameter(names = "--set", absentValue = NONE)
                    String set,
            @Descriptor("remove a secret") @Parameter(names = "--unset", absentValue = NONE) String unset,
            @Descriptor("plugin name") String plugin) {
        boolean json = JsonOption.requested(session);
        List<String> respawned = List.of();
        if (!set.isEmpty()) {
            if (set.contains("=")) {
                throw new PluginInputError(
                        "--set takes only the name of the secret, never its value (an argument"
                                + " stays in the shell history and the process list): --set "
                                + set.substring(0, set.indexOf('='))
                                + ", then type the value at the prompt or give it on standard input",
                        List.of("set"),
                        null);
            }
            respawned = host.setSecret(plugin, set, SecretValue.of(SecretInput.read(set, session.getKeyboard())));
        } else if (!unset.isEmpty()) {
            respawned = host.deleteSecret(plugin, unset);
        }
        List<WorkerEnvStatus> status = host.workerEnvStatus(plugin);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("plugin", plugin);
            out.put(
                    "variables",
                    status.stream()
                            .map(s -> {
                                Map<String, Object> v = new LinkedHashMap<>();
                                v.put("name", s.name());
                                v.put("secret", s.secret());
                                v.put("required", s.required());
                                v.put("source", s.source().name().toLowerCase(java.util.Locale.ROOT));
                                v.put("satisfied", s.satisfied());
                                return v;
                            })
                            .toList());
            out.put("respawned", respawned);
            return Json.write(out);
        }
        StringBuilder sb = new StringBuilder();
        for (WorkerEnvStatus s : status) {
            sb.append(String.format(
                    "%-24s %-7s %-9s %s%n",
                    s.name(),
                    s.secret() ? "secret" : "visible",
                    s.required() ? "required" : "optional",
                    s.satisfied() ? "set (" + s.source() + ")" : "UNSET"));
        }
        if (!respawned.isEmpty()) {
            sb.append("respawned: ").append(String.join(", ", respawned)).append('\n');
        }
        return status.isEmpty()
                ? "plugin " + plugin + " declares no worker variables"
                : sb.toString().stripTrailing();
    }
}
