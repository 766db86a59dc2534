package dev.cordon.runtime.internal.info;

import dev.cordon.api.host.HostSettings;
import dev.cordon.api.host.RuntimeInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * {@link RuntimeInfo} read live from the framework and the declarative-services runtime; the home and data folder
 * from the {@value HostSettings#PID} configuration, else the framework properties.
 */
@Component(service = RuntimeInfo.class, configurationPid = HostSettings.PID)
public final class RuntimeInfoService implements RuntimeInfo {

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private volatile Map<String, Object> configuration;

    @Activate
    public RuntimeInfoService(
            BundleContext context, @Reference ServiceComponentRuntime scr, Map<String, Object> configuration) {
        this.context = context;
        this.scr = scr;
        this.configuration = Map.copyOf(configuration);
    }

    /** A changed configuration is read from now on; the service stays registered. */
    @Modified
    void modified(Map<String, Object> configuration) {
        this.configuration = Map.copyOf(configuration);
    }

    @Override
    public String version() {
        return property("cordon.version", "unknown");
    }

    @Override
    public Path home() {
        return Path.of(property("cordon.home", "."));
    }

    @Override
    public Path dataDir() {
        return Path.of(property("cordon.data", home().resolve("data").toString()));
    }

    @Override
    public List<BundleState> bundles() {
        List<BundleState> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            out.add(new BundleState(
                    b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), state(b.getState())));
        }
        out.sort(Comparator.comparingLong(BundleState::id));
        return out;
    }

    @Override
    public List<ComponentState> components() {
        List<ComponentState> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            String bundle = d.bundle.symbolicName;
            if (!scr.isComponentEnabled(d)) {
                out.add(new ComponentState(d.name, bundle, "DISABLED"));
                continue;
            }
            var configs = scr.getComponentConfigurationDTOs(d);
            if (configs.isEmpty()) {
                out.add(new ComponentState(d.name, bundle, "UNSATISFIED_CONFIGURATION"));
            }
            for (ComponentConfigurationDTO c : configs) {
                out.add(new ComponentState(d.name, bundle, componentState(c.state)));
            }
        }
        out.sort(Comparator.comparing(ComponentState::name));
        return out;
    }

    private String property(String key, String fallback) {
        String v = HostSettings.layered(configuration, context::getProperty).apply(key);
        return v != null ? v : fallback;
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }

    static String componentState(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.ACTIVE -> "ACTIVE";
            case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
