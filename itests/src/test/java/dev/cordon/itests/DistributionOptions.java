package dev.cordon.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.cordon.api.host.RuntimeInfo;
import dev.cordon.boot.internal.framework.SystemPackages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import org.ops4j.pax.exam.Option;
import org.slf4j.LoggerFactory;

/** Pax Exam options that boot the distribution's bundle set the way {@code CordonRuntime} does. */
final class DistributionOptions {

    /** The folder FileInstall watches in the Pax Exam framework, shared by the tests of one JVM. */
    static final Path DEPLOY = createDeploy();

    private DistributionOptions() {}

    static Option[] all() throws Exception {
        List<Option> options = new ArrayList<>();
        // As in the launcher: the api and SLF4J come from the class path through the system bundle.
        List<String> extra = new ArrayList<>();
        for (Class<?> anchor : new Class<?>[] {RuntimeInfo.class, LoggerFactory.class}) {
            extra.add(SystemPackages.of(anchor).orElseThrow().exportPackage());
        }
        // Pax Exam keeps its own packages in system.packages.extra, so ours are added clause by clause.
        options.add(
                systemPackages(extra.stream().flatMap(h -> clauses(h).stream()).toArray(String[]::new)));
        options.add(frameworkProperty("felix.bootdelegation.implicit").value("false"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(DEPLOY.toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        Path data = scratch("cordon-data");
        options.add(frameworkProperty("cordon.data").value(data.toString()));
        // As the launcher does: FileInstall's work folder would otherwise be a new /tmp/fileinstall-* every run.
        options.add(frameworkProperty("felix.fileinstall.tmpdir")
                .value(data.resolve("fileinstall").toString()));
        options.add(systemProperty("pax.exam.logging").value("none"));
        Set<String> fromSystem = Set.of("dev.cordon.api", "slf4j.api");
        for (Path jar : Distribution.bundleJars()) {
            try (JarFile f = new JarFile(jar.toFile())) {
                String bsn = f.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
                if (bsn != null && !fromSystem.contains(bsn.split(";")[0])) {
                    options.add(bundle(jar.toUri().toString()));
                }
            }
        }
        options.add(junitBundles());
        // AssertJ and the byte-buddy it imports are bundles too; the probe uses them inside the framework.
        options.add(bundle(jarOf(org.assertj.core.api.Assertions.class)));
        options.add(bundle(jarOf(net.bytebuddy.ByteBuddy.class)));
        return options(options.toArray(Option[]::new));
    }

    private static String jarOf(Class<?> type) throws Exception {
        return type.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
    }

    private static Path createDeploy() {
        try {
            return scratch("cordon-deploy");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new folder under the module's {@code target/scratch}, which {@code mvn clean} removes, not in /tmp. */
    static Path scratch(String prefix) throws IOException {
        Path root = Files.createDirectories(Path.of("target", "scratch").toAbsolutePath());
        return Files.createTempDirectory(root, prefix);
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
}
