package dev.cordon.store.internal;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/** Where Cordon keeps its data: the framework property {@code cordon.data}, else {@code data/}. */
public final class DataFolder {

    /** The framework property naming the data folder. */
    public static final String PROPERTY = "cordon.data";

    private DataFolder() {}

    /** The data folder seen from {@code context}. */
    public static Path of(BundleContext context) {
        String configured = context == null ? null : context.getProperty(PROPERTY);
        return Path.of(configured == null || configured.isBlank() ? "data" : configured);
    }

    /** {@code configured} when set, else {@code defaultName} inside the data folder. */
    public static Path resolve(BundleContext context, String configured, String defaultName) {
        return configured == null || configured.isBlank() ? of(context).resolve(defaultName) : Path.of(configured);
    }
}
