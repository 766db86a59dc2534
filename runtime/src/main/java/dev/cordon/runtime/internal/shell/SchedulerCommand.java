package dev.cordon.runtime.internal.shell;

import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.runtime.internal.deploy.ConfigurationFiles;
import dev.cordon.runtime.internal.scheduling.ActiveScheduler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code cordon:scheduler [name]}: shows the scheduling policies, or switches to the one named. */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=scheduler"})
public final class SchedulerCommand implements ShellCommands {

    private static final java.time.Duration SWITCH_TIMEOUT = java.time.Duration.ofSeconds(10);
    private static final String NONE = "none";

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;

    // Optional: when the configured target matches no policy, the selection is unsatisfied, and this command
    // must still say so and let the operator pick another.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ActiveScheduler active;

    @Activate
    public SchedulerCommand(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
    }

    /** The active policy's name, or {@code none} when the configured target matches no policy. */
    private String activeName() {
        ActiveScheduler a = active;
        return a == null ? NONE : a.current().policyName();
    }

    @Descriptor("show the scheduling policy in use and those available")
    public String scheduler(CommandSession session) {
        boolean json = JsonOption.requested(session);
        List<Map<String, Object>> policies = available();
        String current = activeName();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("active", current);
            out.put("policies", policies);
            return Json.write(out);
        }
        StringBuilder sb = new StringBuilder("active: ").append(current);
        if (current.equals(NONE)) {
            sb.append(" (the configured target matches no policy; pick one with cordon:scheduler <name>)");
        }
        sb.append('\n');
        for (Map<String, Object> p : policies) {
            sb.append(String.format(
                    "  %s %-12s ranking %s (%s)%n",
                    p.get("name").equals(current) ? "*" : " ", p.get("name"), p.get("ranking"), p.get("bundle")));
        }
        return sb.toString().stripTrailing();
    }

    @Descriptor(
            "switch to the named scheduling policy (persisted: in etc/dev.cordon.scheduler.cfg when it exists, else in"
                    + " ConfigAdmin's store)")
    public String scheduler(
            CommandSession session, @Descriptor("policy name, e.g. permissive, safety, queue") String name)
            throws IOException {
        boolean json = JsonOption.requested(session);
        List<Map<String, Object>> policies = available();
        if (policies.stream().noneMatch(p -> p.get("name").equals(name))) {
            throw new IllegalArgumentException("No scheduling policy named '" + name + "'; available: "
                    + policies.stream().map(p -> p.get("name").toString()).toList()
                    + ". A third-party policy becomes available when its bundle is dropped into deploy/.");
        }
        Configuration config = configAdmin.getConfiguration(ActiveScheduler.PID, "?");
        String previous = activeName();
        ConfigurationFiles.update(config, Map.of("scheduler.target", "(policy.name=" + name + ")"));
        // ConfigAdmin delivers the change on its own thread; report once the swap has happened.
        long deadline = System.nanoTime() + SWITCH_TIMEOUT.toNanos();
        while (!activeName().equals(name) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String now = activeName();
        if (!now.equals(name)) {
            throw new IllegalStateException("Asked for policy '" + name + "' but '" + now + "' is still active after "
                    + SWITCH_TIMEOUT.toSeconds() + " s; check the ConfigAdmin configuration " + ActiveScheduler.PID);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", now);
        out.put("previous", previous);
        return json ? Json.write(out) : "scheduler: " + now + " (was " + previous + ")";
    }

    private List<Map<String, Object>> available() {
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(ResourceScheduler.class.getName(), null);
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", Objects.toString(ref.getProperty("policy.name"), "?"));
                Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
                p.put("ranking", ranking instanceof Integer i ? i : 0);
                p.put("bundle", ref.getBundle().getSymbolicName());
                out.add(p);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        out.sort(Comparator.comparing(p -> p.get("name").toString()));
        return out;
    }
}
