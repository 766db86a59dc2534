package dev.cordon.runtime.internal.launch;

/** Cordon's version, as packaged. */
public final class Version {

    /** The implementation version of the runtime jar, or {@code development} when run from classes. */
    public static final String CURRENT = read();

    private Version() {}

    private static String read() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
