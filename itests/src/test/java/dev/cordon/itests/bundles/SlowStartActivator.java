package dev.cordon.itests.bundles;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A bundle that takes seconds to start, so a test can signal a runtime that is still starting. */
public final class SlowStartActivator implements BundleActivator {

    /** How long {@link #start} takes. */
    public static final long START_MILLIS = 8_000;

    @Override
    public void start(BundleContext context) throws InterruptedException {
        Thread.sleep(START_MILLIS);
    }

    @Override
    public void stop(BundleContext context) {
        // nothing to release
    }
}
