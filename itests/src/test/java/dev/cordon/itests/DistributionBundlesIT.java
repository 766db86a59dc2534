package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.cordon.api.host.RuntimeInfo;
import dev.cordon.runtime.embed.SystemPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
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
import org.slf4j.LoggerFactory;

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
        List<Option> options = new ArrayList<>();
        // As in the launcher: the api and SLF4J come from the class path through the system bundle.
        List<String> extra = new ArrayList<>();
        Set<String> fromSystem = Set.of("dev.cordon.api", "slf4j.api");
        for (Class<?> anchor : new Class<?>[] {RuntimeInfo.class, LoggerFactory.class}) {
            extra.add(SystemPackages.of(anchor).orElseThrow().exportPackage());
        }
        // Pax Exam keeps its own packages in system.packages.extra, so ours are added clause by clause.
        options.add(systemPackages(extra.stream().flatMap(h -> clauses(h).stream()).toArray(String[]::new)));
        options.add(frameworkProperty("felix.bootdelegation.implicit").value("false"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(systemProperty("pax.exam.logging").value("none"));
        Path dist = Distribution.assembled();
        options.add(frameworkProperty("felix.fileinstall.dir").value(Files.createTempDirectory("deploy").toString()));
        for (Path jar : Distribution.bundleJars()) {
            try (JarFile f = new JarFile(jar.toFile())) {
                String bsn = f.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
                if (bsn != null && !fromSystem.contains(bsn.split(";")[0])) {
                    options.add(bundle(jar.toUri().toString()));
                }
            }
        }
        options.add(junitBundles());
        // AssertJ (and the byte-buddy it imports) are bundles too; the probe uses them inside the framework.
        options.add(bundle(jarOf(org.assertj.core.api.Assertions.class)));
        options.add(bundle(jarOf(net.bytebuddy.ByteBuddy.class)));
        assertThat(dist).isDirectory();
        return options(options.toArray(Option[]::new));
    }

    private static String jarOf(Class<?> type) throws Exception {
        return type.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
    }

    /** The clauses of a manifest header: commas inside quoted attribute values do not split. */
    static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString().trim());
        }
        return out;
    }

    @Test
    public void everyDistributionBundleIsActive() {
        for (Bundle b : context.getBundles()) {
            assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE);
        }
        assertThat(info.bundles()).extracting(RuntimeInfo.BundleState::symbolicName)
                .contains("dev.cordon.runtime", "org.apache.felix.scr", "org.apache.felix.gogo.runtime",
                        "org.apache.felix.fileinstall", "org.apache.felix.configadmin", "com.zaxxer.HikariCP",
                        "org.xerial.sqlite-jdbc", "io.netty.codec-http", "com.google.gson");
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
        // Delayed service components stay SATISFIED until first used, and optional backends wait for their
        // configuration; a missing service or a failed activation means a broken distribution.
        assertThat(info.components()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.state()).as(c.name())
                        .isIn("ACTIVE", "SATISFIED", "UNSATISFIED_CONFIGURATION"));
        assertThat(info.components()).filteredOn(c -> c.state().equals("UNSATISFIED_CONFIGURATION"))
                .extracting(RuntimeInfo.ComponentState::name)
                .allSatisfy(name -> assertThat(name).contains("Encrypted"));
    }
}
