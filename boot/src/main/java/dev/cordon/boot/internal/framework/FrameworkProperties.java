package dev.cordon.boot.internal.framework;

import dev.cordon.api.host.RuntimeInfo;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The framework properties of one Cordon start: Cordon's defaults, then {@code etc/cordon.properties}, then the
 * embedding application's own.
 */
public final class FrameworkProperties {

    /** The file in {@code etc/} whose entries override Cordon's defaults. */
    public static final String USER_FILE = "cordon.properties";

    private final Map<String, String> map;
    private final Set<String> systemBundleNames;

    private FrameworkProperties(Map<String, String> map, Set<String> systemBundleNames) {
        this.map = map;
        this.systemBundleNames = systemBundleNames;
    }

    /** Builds the properties for {@code home}. */
    public static FrameworkProperties forHome(
            HostFolders home, boolean interactiveShell, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("org.osgi.framework.storage", home.frameworkCache().toString());
        // The bundle cache is wiped so each start installs exactly what bundles/ and deploy/ hold now; ConfigAdmin
        // keeps its store outside it, so a configuration a command makes survives the restart.
        p.put("org.osgi.framework.storage.clean", "onFirstInit");
        p.put("felix.cm.dir", home.configStore().toString());
        // Bundles must not see the host's class path through implicit boot delegation: that would hand them a
        // second copy of SLF4J and break the provider lookup.
        p.put("felix.bootdelegation.implicit", "false");
        p.put("felix.log.level", "1");
        // Felix's URL handler service installs a JVM-wide URLStreamHandlerFactory, which an embedding
        // application (or a servlet container) may own; Cordon needs no custom URL schemes.
        p.put("felix.service.urlhandlers", "false");
        // A parallel resolver keeps a thread pool that outlives the framework; one thread resolves fast enough.
        p.put("felix.resolver.parallelism", "1");
        p.put("felix.fileinstall.dir", home.deploy().toString());
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.log.level", "2");
        // Without it FileInstall makes a fresh /tmp/fileinstall-<random> folder at every start and removes it only
        // at a clean JVM exit, so each killed host left one behind. In the bundle cache it goes at the next start.
        p.put(
                "felix.fileinstall.tmpdir",
                home.frameworkCache().resolve("fileinstall").toString());
        // FileInstall's write-back rewrites a .cfg in place while its own watcher may read it: a file edited while
        // Cordon was stopped came back empty at the next start. Commands that change a file-backed configuration
        // write the file themselves, atomically.
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("gosh.args", interactiveShell ? "" : "--nointeractive");
        p.put("cordon.home", home.home().toString());
        p.put("cordon.etc", home.etc().toString());
        p.put("cordon.deploy", home.deploy().toString());
        p.put("cordon.data", home.data().toString());
        p.put("cordon.version", Version.CURRENT);

        Set<String> systemBundles = new LinkedHashSet<>();
        List<String> extra = new ArrayList<>();
        for (Class<?> anchor : new Class<?>[] {RuntimeInfo.class, LoggerFactory.class}) {
            SystemPackages.of(anchor).ifPresent(exports -> {
                extra.add(exports.exportPackage());
                systemBundles.add(exports.symbolicName());
            });
        }
        // Logback runs on the host's class path behind the exported SLF4J API; its bundles must not start twice.
        systemBundles.add("ch.qos.logback.classic");
        systemBundles.add("ch.qos.logback.core");
        if (!extra.isEmpty()) {
            p.put("org.osgi.framework.system.packages.extra", String.join(",", extra));
        }

        p.putAll(readUserFile(home.etc().resolve(USER_FILE)));
        p.putAll(overrides);
        return new FrameworkProperties(Map.copyOf(p), Set.copyOf(systemBundles));
    }

    /** The properties, ready for {@code FrameworkFactory.newFramework}. */
    public Map<String, String> asMap() {
        return map;
    }

    /** Symbolic names of bundles whose packages the system bundle already exports; they are not installed. */
    public Set<String> systemBundleNames() {
        return systemBundleNames;
    }

    private static Map<String, String> readUserFile(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": fix or remove the file", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Malformed properties file " + file + " (" + e.getMessage()
                            + "): fix the escape sequence or remove the file",
                    e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        return out;
    }
}
