package dev.cordon.boot.internal.framework;

/** Cordon's version, as packaged. */
public final class Version {

    /** The implementation version of the boot jar; the build's version when run from a classes folder. */
    public static final String CURRENT = read();

    private Version() {}

    private static String read() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
