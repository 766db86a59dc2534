package dev.cordon.runtime.internal.deploy;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every bundle that is installed, started, stopped or uninstalled, so hot deploys leave a trace. */
@Component(
        immediate = true,
        service = {})
public final class BundleEventLog implements SynchronousBundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(BundleEventLog.class);
    private final BundleContext context;

    @Activate
    public BundleEventLog(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String what = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "INSTALLED";
            case BundleEvent.STARTED -> "STARTED";
            case BundleEvent.STOPPED -> "STOPPED";
            case BundleEvent.UNINSTALLED -> "UNINSTALLED";
            case BundleEvent.UPDATED -> "UPDATED";
            default -> null;
        };
        if (what != null) {
            Bundle b = event.getBundle();
            LOG.info("bundle {} {} {} ({})", what, b.getSymbolicName(), b.getVersion(), b.getLocation());
        }
    }
}
