package dev.cordon.runtime.internal.shell;

import dev.cordon.api.host.JobQueue;
import dev.cordon.api.spi.ClusterHost;
import dev.cordon.api.spi.ClusterLease;
import dev.cordon.runtime.internal.jobs.ClusterView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code cordon:cluster}: the hosts sharing the job queue, what each can run, its load, and the leases they hold. */
@Component(
        service = ShellCommands.class,
        property = {ShellCommands.FUNCTIONS + "=cluster"})
public final class ClusterCommand implements ShellCommands {

    // Optional: the queue may be unsatisfied (no store), and this command must still say what it sees.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile JobQueue queue;

    /**
     * The queue's cluster view. It is not a service of its own: a service registered under an internal interface
     * is invisible to an embedding application whose class path holds another copy of that interface.
     */
    private ClusterView view() {
        return queue instanceof ClusterView v ? v : null;
    }

    @Descriptor("list the hosts sharing the job queue, their plugins, load and leases")
    public String cluster(CommandSession session) {
        boolean json = JsonOption.requested(session);
        ClusterView v = view();
        if (v == null) {
            throw new IllegalStateException("The job queue is not running, so there is no cluster to show; check its"
                    + " job store with cordon:status");
        }
        Map<String, Object> out = describe(v);
        return json ? Json.write(out) : text(v, out);
    }

    /** The cluster as the JSON output has it. */
    static Map<String, Object> describe(ClusterView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster_mode", v.clusterMode());
        out.put("host_id", v.hostId());
        out.put("lease_ms", v.lease().toMillis());
        out.put("refused", v.refusal().orElse(null));
        out.put("events_not_relayed", v.eventsNotRelayed());
        List<ClusterLease> leases = v.clusterMode() && v.refusal().isEmpty() ? v.leases() : List.of();
        List<Map<String, Object>> hosts = new ArrayList<>();
        if (v.clusterMode() && v.refusal().isEmpty()) {
            for (ClusterHost h : v.hosts()) {
                hosts.add(host(h, v.lease(), leases));
            }
        }
        out.put("hosts", hosts);
        List<Map<String, Object>> leased = new ArrayList<>();
        for (ClusterLease l : leases) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job_id", l.jobId());
            m.put("instance_id", l.instanceId());
            m.put("owner", l.owner());
            m.put("version", l.version());
            m.put("lease_until", l.leaseUntil().toString());
            leased.add(m);
        }
        out.put("leases", leased);
        return out;
    }

    private static Map<String, Object> host(ClusterHost h, Duration lease, List<ClusterLease> leases) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("address", h.address());
        m.put("state", h.live(lease) ? "live" : "silent");
        m.put("silent_ms", h.silentFor().toMillis());
        m.put("plugins", h.plugins());
        m.put("capacity", h.capacity());
        m.put("running", h.running());
        m.put("free", h.free());
        m.put("leases", leases.stream().filter(l -> l.owner().equals(h.id())).count());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static String text(ClusterView v, Map<String, Object> out) {
        StringBuilder sb = new StringBuilder();
        if (!v.clusterMode()) {
            return "cluster mode is off: host " + v.hostId() + " runs its queue alone (cluster=true in etc/"
                    + "dev.cordon.jobs.cfg and a PostgreSQL store share it)";
        }
        if (v.refusal().isPresent()) {
            return "cluster mode REFUSED on host " + v.hostId() + ": "
                    + v.refusal().get();
        }
        sb.append("host ")
                .append(v.hostId())
                .append(", lease ")
                .append(v.lease().toMillis())
                .append(" ms, job events not relayed to the other hosts: ")
                .append(v.eventsNotRelayed())
                .append('\n');
        List<Map<String, Object>> hosts = (List<Map<String, Object>>) out.get("hosts");
        sb.append("hosts: ").append(hosts.size()).append('\n');
        for (Map<String, Object> h : hosts) {
            sb.append(String.format(
                    "  %s%-28s %-6s %3s/%-3s running, %s lease(s), silent %s ms, plugins %s%n",
                    h.get("id").equals(v.hostId()) ? "*" : " ",
                    h.get("id"),
                    h.get("state"),
                    h.get("running"),
                    h.get("capacity"),
                    h.get("leases"),
                    h.get("silent_ms"),
                    h.get("plugins")));
        }
        List<Map<String, Object>> leases = (List<Map<String, Object>>) out.get("leases");
        sb.append("leases: ").append(leases.size()).append('\n');
        for (Map<String, Object> l : leases) {
            sb.append(String.format(
                    "  %s on %s held by %s (v%s) until %s%n",
                    l.get("job_id"), l.get("instance_id"), l.get("owner"), l.get("version"), l.get("lease_until")));
        }
        return sb.toString().stripTrailing();
    }
}
