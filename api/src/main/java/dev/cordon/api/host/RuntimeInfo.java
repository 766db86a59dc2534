package dev.cordon.api.host;

import java.nio.file.Path;
import java.util.List;

/**
 * What a running Cordon host says about itself: where it keeps its files and the state of its parts.
 *
 * <p>Registered as a service by the runtime bundle; the {@code cordon:status} command prints it.
 */
public interface RuntimeInfo {

    /** Cordon's version, for example {@code 0.1.0-SNAPSHOT}. */
    String version();

    /** The home folder holding {@code etc/}, {@code deploy/} and, by default, {@code data/}. */
    Path home();

    /** The data folder: databases, logs, manifests, plugin environments and secrets. */
    Path dataDir();

    /** The process id of the JVM the host runs in: the one that holds the data folder's lock. */
    default long pid() {
        return ProcessHandle.current().pid();
    }

    /** Every installed bundle, in bundle-id order. */
    List<BundleState> bundles();

    /** Every declarative-services component the framework knows, sorted by name. */
    List<ComponentState> components();

    /**
     * One installed bundle.
     *
     * @param id the framework's bundle id
     * @param symbolicName the bundle symbolic name
     * @param version the bundle version
     * @param state {@code ACTIVE}, {@code RESOLVED}, {@code INSTALLED}, {@code STARTING}, {@code STOPPING} or
     *     {@code UNINSTALLED}
     */
    record BundleState(long id, String symbolicName, String version, String state) {}

    /**
     * One declarative-services component.
     *
     * @param name the component name
     * @param bundle the symbolic name of the bundle that declares it
     * @param state {@code ACTIVE}, {@code SATISFIED}, {@code UNSATISFIED_REFERENCE},
     *     {@code UNSATISFIED_CONFIGURATION}, {@code FAILED_ACTIVATION} or {@code DISABLED}
     */
    record ComponentState(String name, String bundle, String state) {}
}
