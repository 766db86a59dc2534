package dev.cordon.boot.internal.framework;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Installs every bundle jar of a folder and starts those that are not fragments. */
public final class BundleInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(BundleInstaller.class);
    private static final String GOGO_SHELL = "org.apache.felix.gogo.shell";

    private final BundleContext context;
    private final Set<String> skipped;

    /**
     * @param context the framework's context
     * @param skipped symbolic names not to install because the system bundle provides their packages
     */
    public BundleInstaller(BundleContext context, Set<String> skipped) {
        this.context = context;
        this.skipped = skipped;
    }

    /**
     * Installs the bundle jars of {@code dir} in file-name order, by reference so nothing is copied.
     * Jars without a {@code Bundle-SymbolicName} are ignored.
     *
     * @throws UncheckedIOException when the folder cannot be listed
     */
    public Report installAll(Path dir) {
        List<Bundle> installed = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot list the bundles folder " + dir
                            + ": it must hold Cordon's bundle jars (is the home folder right?)",
                    e);
        }
        for (Path jar : jars) {
            String bsn = symbolicName(jar);
            if (bsn == null || skipped.contains(bsn)) {
                continue;
            }
            try {
                installed.add(context.installBundle("reference:" + jar.toUri()));
            } catch (BundleException e) {
                LOG.error("Cannot install bundle {}: {}", jar, e.getMessage());
                failures.put(jar.getFileName().toString(), e.getMessage());
            }
        }
        return new Report(installed, failures);
    }

    private static String symbolicName(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest m = file.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return bsn == null ? null : bsn.split(";", 2)[0].trim();
        } catch (IOException e) {
            LOG.warn("Skipping {}: not a readable jar ({})", jar, e.getMessage());
            return null;
        }
    }

    /**
     * What an install did.
     *
     * @param installed the installed bundles
     * @param failures file or symbolic name → reason, for each bundle that failed to install or start
     */
    public record Report(List<Bundle> installed, Map<String, String> failures) {

        /**
         * Starts every installed non-fragment bundle; a failure is logged and added to the report. The Gogo
         * shell starts last, so its console opens once the commands of the other bundles are registered.
         */
        public Report startAll() {
            Map<String, String> all = new LinkedHashMap<>(failures);
            List<Bundle> ordered = new ArrayList<>(installed);
            ordered.sort(java.util.Comparator.comparing(b -> GOGO_SHELL.equals(b.getSymbolicName())));
            for (Bundle b : ordered) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                    continue;
                }
                try {
                    b.start();
                } catch (BundleException e) {
                    LOG.error("Cannot start bundle {}: {}", b.getSymbolicName(), e.getMessage());
                    all.put(b.getSymbolicName(), e.getMessage());
                }
            }
            return new Report(installed, Map.copyOf(all));
        }
    }
}
