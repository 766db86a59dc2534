package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.api.store.ConfigStore;
import dev.cordon.api.store.SecretStore;
import dev.cordon.api.store.SecretValue;
import dev.cordon.itests.thirdparty.SingleSlotActivator;
import dev.cordon.itests.thirdparty.SingleSlotPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Swapping parts in a running framework: the scheduling policy through ConfigAdmin and the shell, and a
 * third-party policy bundle dropped into the deploy folder.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SwappablePartsIT {

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    @Filter(timeout = 20000)
    CommandProcessor shell;

    @Inject
    @Filter(timeout = 20000)
    ConfigStore configStore;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() throws Exception {
        Path jar = DistributionOptions.scratch("single-slot").resolve("single-slot.jar");
        try (InputStream in = TinyBundles.bundle()
                .addClass(SingleSlotPolicy.class)
                .addClass(SingleSlotActivator.class)
                .setHeader("Bundle-ManifestVersion", "2")
                .setHeader("Bundle-SymbolicName", "com.example.single.slot")
                .setHeader("Bundle-Version", "1.0.0")
                .setHeader("Bundle-Activator", SingleSlotActivator.class.getName())
                .setHeader("Import-Package", "dev.cordon.api.scheduling, dev.cordon.api.model, org.osgi.framework")
                .build(TinyBundles.rawBuilder())) {
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Option[] {
            composite(DistributionOptions.all()),
            frameworkProperty("itest.thirdparty.jar").value(jar.toString())
        };
    }

    @Test
    public void policySwapsThroughConfigAdminAndTheShellWithoutRestarting() throws Exception {
        Poll.until(Duration.ofSeconds(20), () -> activePolicy().equals("permissive"));
        AtomicInteger stops = new AtomicInteger();
        BundleListener countStops = e -> {
            if (e.getType() == BundleEvent.STOPPED) {
                stops.incrementAndGet();
            }
        };
        context.addBundleListener(countStops);

        Configuration config = configAdmin.getConfiguration("dev.cordon.scheduler", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("scheduler.target", "(policy.name=safety)");
        config.update(props);
        Poll.until(Duration.ofSeconds(20), () -> activePolicy().equals("safety"));

        assertThat(run("cordon:scheduler queue")).contains("queue").contains("was safety");
        assertThat(activePolicy()).isEqualTo("queue");

        config.delete();
        Poll.until(Duration.ofSeconds(20), () -> activePolicy().equals("permissive"));
        context.removeBundleListener(countStops);
        assertThat(stops).as("bundles stopped by the swaps").hasValue(0);
    }

    @Test
    public void aThirdPartyPolicyDroppedIntoDeployBecomesSelectableByName() throws Exception {
        assertThatThrownBy(() -> run("cordon:scheduler single-slot"))
                .hasMessageContaining("No scheduling policy named");

        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        Files.copy(Path.of(context.getProperty("itest.thirdparty.jar")), deploy.resolve("single-slot.jar"));
        Poll.until(Duration.ofSeconds(20), () -> run("cordon:scheduler").contains("single-slot"));

        assertThat(run("cordon:scheduler single-slot")).contains("single-slot");
        assertThat(context.getServiceReferences(ResourceScheduler.class, "(policy.name=single-slot)"))
                .hasSize(1);

        Files.delete(deploy.resolve("single-slot.jar"));
        // With its bundle gone the configured target matches nothing: the shell says so and still switches.
        Poll.until(Duration.ofSeconds(20), () -> activePolicy().equals("none"));
        assertThat(run("cordon:scheduler permissive")).contains("permissive");
        configAdmin.getConfiguration("dev.cordon.scheduler", "?").delete();
        Poll.until(Duration.ofSeconds(20), () -> activePolicy().equals("permissive"));
    }

    @Test
    public void theSqliteConfigStoreRunsInsideTheFramework() {
        configStore.put("echo", "{\"greeting\":\"hi\"}", true);

        assertThat(configStore.get("echo"))
                .hasValueSatisfying(r -> assertThat(r.configJson()).contains("greeting"));
        assertThat(Path.of(context.getProperty("cordon.data")).resolve("cordon.db"))
                .exists();
    }

    @Test
    public void theSecretBackendSwapsByRankingThroughConfigAdmin() throws Exception {
        Poll.until(Duration.ofSeconds(20), () -> topSecretBackend().equals("file"));
        secrets().set("echo", "API_KEY", SecretValue.of("plain-file-value"));

        Configuration encrypted = configAdmin.getConfiguration("dev.cordon.store.secrets.encrypted", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("service.ranking", 20);
        encrypted.update(props);
        Poll.until(Duration.ofSeconds(20), () -> topSecretBackend().equals("encrypted"));

        // Secrets are not copied between backends: the encrypted store starts empty and keeps its own.
        assertThat(secrets().names("echo")).isEmpty();
        secrets().set("echo", "API_KEY", SecretValue.of("encrypted-value"));
        Path file = Path.of(context.getProperty("cordon.data"), "secrets", "secrets.enc");
        assertThat(file).exists();
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).doesNotContain("encrypted-value");

        encrypted.delete();
        Poll.until(Duration.ofSeconds(20), () -> topSecretBackend().equals("file"));
        assertThat(secrets().get("echo", "API_KEY"))
                .hasValueSatisfying(v -> assertThat(v.reveal()).isEqualTo("plain-file-value"));
    }

    private String topSecretBackend() {
        ServiceReference<SecretStore> ref = context.getServiceReference(SecretStore.class);
        return ref == null ? "none" : String.valueOf(ref.getProperty("backend"));
    }

    private SecretStore secrets() {
        return context.getService(context.getServiceReference(SecretStore.class));
    }

    private String activePolicy() throws Exception {
        String json = run("cordon:scheduler --json");
        return com.google.gson.JsonParser.parseString(json)
                .getAsJsonObject()
                .get("active")
                .getAsString();
    }

    private String run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            Object result = session.execute(command);
            return result == null ? out.toString(StandardCharsets.UTF_8) : result.toString();
        }
    }
}
