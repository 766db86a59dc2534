package dev.cordon.itests.thirdparty;

import dev.cordon.api.scheduling.ResourceScheduler;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link SingleSlotPolicy} the plain OSGi way, as a third party without DS might. */
public final class SingleSlotActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("policy.name", "single-slot");
        props.put("service.ranking", 1);
        context.registerService(ResourceScheduler.class, new SingleSlotPolicy(), props);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the service with the bundle.
    }
}
