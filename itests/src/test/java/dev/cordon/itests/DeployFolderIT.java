package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.host.PluginManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;

/** The PluginManager service in a running framework follows manifests dropped into and removed from deploy/. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployFolderIT {

    @Inject
    @Filter(timeout = 20000)
    PluginManager manager;

    @Inject
    BundleContext context;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() throws Exception {
        return DistributionOptions.all();
    }

    @Test
    public void aManifestDroppedIntoDeployIsDiscoveredLiveAndForgottenWhenRemoved() throws Exception {
        // The framework's own setting: a static of this class would be a fresh temporary folder inside the probe.
        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        assertThat(manager.meta("dropped")).isEmpty();
        Path staged = Files.createTempFile(DistributionOptions.scratch("dropped"), "dropped", ".tmp");
        Files.writeString(staged, """
                {"format_version": "2.0",
                 "install": {"python_path": "/usr/bin/python3", "runtime": "python", "env_dir": "."},
                 "code": {"name": "dropped", "version": "1.0.0", "description": "dropped live", "module": "m",
                          "class": "C", "interface": "cordon_plugin.CordonPlugin"},
                 "drift_tracking": {"config_schema_hash": null}, "overrides": {}}
                """);
        Path manifest = deploy.resolve("dropped.json");
        Files.move(staged, manifest);

        Poll.until(
                Duration.ofSeconds(20),
                () -> manager.discovered().stream().anyMatch(m -> m.name().equals("dropped")));
        assertThat(manager.meta("dropped").orElseThrow().description()).isEqualTo("dropped live");

        Files.delete(manifest);
        Poll.until(Duration.ofSeconds(20), () -> manager.meta("dropped").isEmpty());
        assertThat(manager.discover()).noneMatch(m -> m.name().equals("dropped"));
    }
}
