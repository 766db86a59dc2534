package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.api.host.RuntimeInfo;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The distribution's bundle set in a real Felix, booted by Pax Exam the way the launcher boots it. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionBundlesIT {

    @Inject
    BundleContext context;

    @Inject
    @Filter(timeout = 20000)
    RuntimeInfo info;

    @Configuration
    public Option[] config() throws Exception {
        return DistributionOptions.all();
    }

    @Test
    public void everyDistributionBundleIsActive() {
        for (Bundle b : context.getBundles()) {
            assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE);
        }
        assertThat(info.bundles())
                .extracting(RuntimeInfo.BundleState::symbolicName)
                .contains(
                        "dev.cordon.runtime",
                        "org.apache.felix.scr",
                        "org.apache.felix.gogo.runtime",
                        "org.apache.felix.fileinstall",
                        "org.apache.felix.configadmin",
                        "com.zaxxer.HikariCP",
                        "org.xerial.sqlite-jdbc",
                        "io.netty.codec-http",
                        "com.google.gson");
    }

    @Test
    public void cordonCommandsAreRegistered() throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(osgi.command.scope=cordon)");
        assertThat(refs).isNotNull();
        List<String> functions = new ArrayList<>();
        for (ServiceReference<?> ref : refs) {
            Object f = ref.getProperty("osgi.command.function");
            if (f instanceof String s) {
                functions.add(s);
            } else if (f instanceof String[] a) {
                functions.addAll(List.of(a));
            }
        }
        assertThat(functions).contains("status");
    }

    @Test
    public void everyComponentIsSatisfied() {
        // Delayed service components stay SATISFIED until first used, and optional parts (the encrypted secret
        // backend, the monitor plugin source, the PostgreSQL stores) wait for their configuration; a missing service or
        // a failed
        // activation means a broken distribution.
        assertThat(info.components())
                .isNotEmpty()
                .allSatisfy(c ->
                        assertThat(c.state()).as(c.name()).isIn("ACTIVE", "SATISFIED", "UNSATISFIED_CONFIGURATION"));
        assertThat(info.components())
                .filteredOn(c -> c.state().equals("UNSATISFIED_CONFIGURATION"))
                .extracting(RuntimeInfo.ComponentState::name)
                .allSatisfy(name -> assertThat(name)
                        .containsAnyOf("Encrypted", "PluginSystemMonitor", "dev.cordon.store.postgres."));
    }
}
