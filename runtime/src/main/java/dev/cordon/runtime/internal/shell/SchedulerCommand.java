package dev.cordon.runtime.internal.shell;

import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.runtime.internal.scheduling.ActiveScheduler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code cordon:scheduler [name]}: shows the scheduling policies, or switches to the one named. */
@Component(service = SchedulerCommand.class, property = {
    "osgi.command.scope=cordon",
    "osgi.command.function=scheduler"
})
public final class SchedulerCommand {

    private static final java.time.Duration SWITCH_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final BundleContext context;
    private final ActiveScheduler active;
    private final ConfigurationAdmin configAdmin;

    @Activate
    public SchedulerCommand(BundleContext context, @Reference ActiveScheduler active,
            @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.active = active;
        this.configAdmin = configAdmin;
    }

    @Descriptor("show the scheduling policy in use and those available")
    public String scheduler(
            @Descriptor("print JSON instead of text")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        List<Map<String, Object>> policies = available();
        String current = active.current().policyName();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("active", current);
            out.put("policies", policies);
            return Json.write(out);
        }
        StringBuilder sb = new StringBuilder("active: ").append(current).append('\n');
        for (Map<String, Object> p : policies) {
            sb.append(String.format("  %s %-12s ranking %s (%s)%n", p.get("name").equals(current) ? "*" : " ",
                    p.get("name"), p.get("ranking"), p.get("bundle")));
        }
        return sb.toString().stripTrailing();
    }

    @Descriptor("switch to the named scheduling policy (persisted in ConfigAdmin)")
    public String scheduler(
            @Descriptor("print JSON instead of text")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("policy name, e.g. permissive, safety, queue") String name) throws IOException {
        List<Map<String, Object>> policies = available();
        if (policies.stream().noneMatch(p -> p.get("name").equals(name))) {
            throw new IllegalArgumentException("No scheduling policy named '" + name + "'; available: "
                    + policies.stream().map(p -> p.get("name").toString()).toList()
                    + ". A third-party policy becomes available when its bundle is dropped into deploy/.");
        }
        Configuration config = configAdmin.getConfiguration(ActiveScheduler.PID, "?");
        Dictionary<String, Object> props = config.getProperties();
        if (props == null) {
            props = new Hashtable<>();
        }
        String previous = active.current().policyName();
        props.put("scheduler.target", "(policy.name=" + name + ")");
        config.update(props);
        // ConfigAdmin delivers the change on its own thread; report once the swap has happened.
        long deadline = System.nanoTime() + SWITCH_TIMEOUT.toNanos();
        while (!active.current().policyName().equals(name) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String now = active.current().policyName();
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
