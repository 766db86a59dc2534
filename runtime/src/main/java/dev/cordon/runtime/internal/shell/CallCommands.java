package dev.cordon.runtime.internal.shell;

import dev.cordon.api.host.CallProgress;
import dev.cordon.api.host.PluginManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code cordon:progress|cancel}: what the running call of an instance reports, and asking it to stop. */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=progress", ShellCommands.FUNCTIONS + "=cancel"})
public final class CallCommands implements ShellCommands {

    private final PluginManager manager;

    @Activate
    public CallCommands(@Reference PluginManager manager) {
        this.manager = manager;
    }

    @Descriptor("show what the running (or last) call of an instance reported: a fraction and a message")
    public String progress(CommandSession session, @Descriptor("instance id") String id) {
        boolean json = JsonOption.requested(session);
        CallProgress p = manager.progress(id);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("instance_id", id);
            out.put("progress", p.fraction());
            out.put("message", p.message());
            return Json.write(out);
        }
        String fraction = p.fraction() < 0 ? "indeterminate" : String.format("%.0f%%", p.fraction() * 100);
        return id + ": " + fraction + (p.message().isEmpty() ? "" : " " + p.message());
    }

    @Descriptor("ask the call running on an instance to stop; the plugin stops at its next check")
    public String cancel(CommandSession session, @Descriptor("instance id") String id) {
        boolean json = JsonOption.requested(session);
        boolean taken = manager.cancel(id);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("instance_id", id);
            out.put("cancel_requested", taken);
            return Json.write(out);
        }
        return taken
                ? "cancel requested: " + id
                : "not taken: the plugin of " + id + " does not support cancellation (see its worker log)";
    }
}
