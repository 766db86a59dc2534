package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.ResourceRequirements;
import dev.cordon.api.scheduling.Decision;
import dev.cordon.api.scheduling.ExecutionRequest;
import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.scheduling.SystemMonitor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A monitor plugin as the system monitor in a running framework: configured through ConfigAdmin, the example
 * {@code py-monitor} (a real Python worker) replaces the procfs monitor for {@code cordon:monitor} and the
 * {@code safety} policy; a plugin that is not a monitor, or answers nonsense, leaves the procfs figures in place
 * with the reason shown; removing the configuration brings the procfs monitor back and stops the worker.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MonitorPluginIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ExecutionRequest NEEDS_512_MB = new ExecutionRequest(
            "needy",
            "needy",
            new ResourceRequirements(false, List.of(), List.of(), OptionalLong.of(512), OptionalLong.empty()));

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    @Filter(timeout = 20000)
    PluginManager manager;

    @Inject
    @Filter(timeout = 20000)
    CommandProcessor shell;

    @Inject
    @Filter(value = "(policy.name=safety)", timeout = 20000)
    ResourceScheduler safety;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() throws Exception {
        Path manifests = DistributionOptions.scratch("monitor-manifests");
        ExampleManifests.python(manifests, "py-monitor");
        ExampleManifests.python(manifests, "py-echo");
        return new Option[] {
            composite(DistributionOptions.all()),
            frameworkProperty("cordon.plugins.paths").value(manifests.toString())
        };
    }

    @After
    public void removeTheConfigurationAndCheckNoWorkerIsLeft() throws Exception {
        List<Long> pids = new java.util.ArrayList<>();
        for (var instance : manager.instances()) {
            pids.add(pid(instance.instanceId()));
        }
        Configuration config = configAdmin.getConfiguration("dev.cordon.monitor.plugin", "?");
        if (config.getProperties() != null) {
            config.delete();
        }
        Poll.until(WAIT, () -> monitorName().equals("procfs"));
        Poll.until(WAIT, () -> manager.instances().isEmpty());
        Poll.until(WAIT, () -> pids.stream().noneMatch(Workers::running));
    }

    @Test
    public void theSafetyPolicyReadsTheConfiguredPluginAndTheProcfsMonitorAgainWhenItIsRemoved() throws Exception {
        Poll.until(WAIT, () -> monitorName().equals("procfs"));
        assertThat(safety.decide(NEEDS_512_MB))
                .as("this machine has 512 MB free")
                .isEqualTo(Decision.Allow.ANY);

        configure(Map.of("plugin.name", "py-monitor"));
        Poll.until(
                WAIT,
                () -> monitorName().equals("plugin")
                        && monitorJson()
                                .getAsJsonObject("monitor")
                                .get("problem")
                                .isJsonNull());
        JsonObject reading = monitorJson();
        assertThat(reading.getAsJsonObject("monitor").get("plugin").getAsString())
                .isEqualTo("plugin 'py-monitor'");
        long pid = pid("py-monitor");
        assertThat(Workers.running(pid)).as("py-monitor's worker").isTrue();

        manager.updateConfig("py-monitor", Map.of("report_available_mb", 64));
        Poll.until(
                WAIT,
                () -> monitorJson()
                                .getAsJsonObject("host")
                                .get("ramAvailableMb")
                                .getAsLong()
                        == 64);
        assertThat(safety.decide(NEEDS_512_MB))
                .as("the plugin reports 64 MB free")
                .isEqualTo(new Decision.Block("needs 512 MB RAM, 64 MB free"));
        assertThat(run("cordon:monitor"))
                .startsWith("Monitor: plugin, plugin 'py-monitor'")
                .contains("RAM: 64 MB available");

        configAdmin.getConfiguration("dev.cordon.monitor.plugin", "?").delete();
        Poll.until(WAIT, () -> monitorName().equals("procfs"));
        assertThat(safety.decide(NEEDS_512_MB)).isEqualTo(Decision.Allow.ANY);
        Poll.until(WAIT, () -> manager.instance("py-monitor").isEmpty() && !Workers.running(pid));
    }

    @Test
    public void aPluginThatIsNotAMonitorLeavesTheProcfsFiguresAndSaysWhy() throws Exception {
        configure(Map.of("plugin.name", "py-echo", "retry.interval.ms", 100L));

        Poll.until(WAIT, () -> problem().contains("is not a monitor plugin"));
        // Whichever reading comes first finds the endpoint missing: host() asks get_system_status, the resource
        // sampling of running workers asks list_processes.
        assertThat(problem())
                .containsPattern(
                        "Plugin 'py-echo' is not a MonitorPlugin \\(no (get_system_status|list_processes) method\\)");
        JsonObject host = monitorJson().getAsJsonObject("host");
        assertThat(host.get("ramTotalMb").getAsLong()).as("procfs's total").isEqualTo(procfsTotalMb());
        assertThat(safety.decide(NEEDS_512_MB)).isEqualTo(Decision.Allow.ANY);
    }

    @Test
    public void aMalformedAnswerFallsBackUntilThePluginAnswersProperlyAgain() throws Exception {
        configure(Map.of("plugin.name", "py-monitor", "retry.interval.ms", 100L));
        Poll.until(WAIT, () -> monitorName().equals("plugin") && problem().isEmpty());

        manager.updateConfig("py-monitor", Map.of("report_total_mb", 100, "report_available_mb", 200));
        Poll.until(WAIT, () -> problem().contains("malformed at $.memory_available_mb"));
        assertThat(monitorJson().getAsJsonObject("host").get("ramTotalMb").getAsLong())
                .isEqualTo(procfsTotalMb());

        Map<String, Object> measured = new HashMap<>();
        measured.put("report_total_mb", null);
        measured.put("report_available_mb", null);
        manager.updateConfig("py-monitor", measured);
        Poll.until(WAIT, () -> problem().isEmpty());
    }

    private void configure(Map<String, Object> properties) throws Exception {
        Configuration config = configAdmin.getConfiguration("dev.cordon.monitor.plugin", "?");
        config.update(new Hashtable<>(properties));
    }

    private long procfsTotalMb() throws Exception {
        ServiceReference<SystemMonitor> procfs = context.getServiceReferences(
                        SystemMonitor.class, "(monitor.name=procfs)")
                .iterator()
                .next();
        return context.getService(procfs).host().ramTotalMb();
    }

    private long pid(String instance) throws Exception {
        return JsonParser.parseString(run("cordon:stats " + instance + " --json"))
                .getAsJsonObject()
                .get("pid")
                .getAsLong();
    }

    private String monitorName() throws Exception {
        return monitorJson().getAsJsonObject("monitor").get("name").getAsString();
    }

    private String problem() throws Exception {
        var problem = monitorJson().getAsJsonObject("monitor").get("problem");
        return problem.isJsonNull() ? "" : problem.getAsString();
    }

    private JsonObject monitorJson() throws Exception {
        return JsonParser.parseString(run("cordon:monitor --json")).getAsJsonObject();
    }

    private String run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            Object result = session.execute(command);
            return result == null ? out.toString(StandardCharsets.UTF_8) : result.toString();
        }
    }
}
