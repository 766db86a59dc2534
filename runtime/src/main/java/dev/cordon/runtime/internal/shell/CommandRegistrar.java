package dev.cordon.runtime.internal.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Puts every {@link ShellCommands} service into Gogo: one {@link SharedOptions} function per command name, in the
 * {@code cordon} scope. Commands come and go with their services.
 */
@Component(service = {})
public final class CommandRegistrar implements ShellCommands {

    /** The scope of Cordon's commands. */
    static final String SCOPE = "cordon";

    private final BundleContext context;
    private final Map<ShellCommands, List<ServiceRegistration<Function>>> registered = new IdentityHashMap<>();
    private boolean active = true;

    @Activate
    public CommandRegistrar(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addCommands(ShellCommands commands, Map<String, Object> properties) {
        if (!active) {
            return;
        }
        List<ServiceRegistration<Function>> functions = new ArrayList<>();
        for (String name : names(properties.get(ShellCommands.FUNCTIONS))) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("osgi.command.scope", SCOPE);
            props.put("osgi.command.function", name);
            functions.add(context.registerService(Function.class, new SharedOptions(commands, name), props));
        }
        registered.put(commands, functions);
    }

    synchronized void removeCommands(ShellCommands commands) {
        List<ServiceRegistration<Function>> functions = registered.remove(commands);
        if (functions != null) {
            functions.forEach(CommandRegistrar::unregister);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        registered.values().forEach(list -> list.forEach(CommandRegistrar::unregister));
        registered.clear();
    }

    private static List<String> names(Object value) {
        if (value instanceof String[] many) {
            return Arrays.asList(many);
        }
        return value == null ? List.of() : List.of(value.toString());
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The framework unregisters a stopping bundle's services itself.
        }
    }
}
