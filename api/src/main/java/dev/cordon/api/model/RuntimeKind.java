package dev.cordon.api.model;

/** What kind of process runs a plugin's worker, with the manifest's spelling ({@code install.runtime}). */
public enum RuntimeKind {
    /** A JVM running Cordon's Java worker; the plugin's jars form a child module layer. */
    JAVA("java"),
    /** A Python interpreter running Cordon's stdlib-only worker. */
    PYTHON("python"),
    /** The original cjm-plugin-system worker, unmodified; the kind of any manifest that names none. */
    CJM("cjm");

    private final String wire;

    RuntimeKind(String wire) {
        this.wire = wire;
    }

    /** The manifest spelling, for example {@code java}. */
    public String wire() {
        return wire;
    }

    /**
     * The kind with this spelling.
     *
     * @throws IllegalArgumentException for any spelling other than {@code java}, {@code python}, {@code cjm}
     */
    public static RuntimeKind fromWire(String wire) {
        for (RuntimeKind k : values()) {
            if (k.wire.equals(wire)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown runtime '" + wire + "': expected java, python or cjm");
    }
}
