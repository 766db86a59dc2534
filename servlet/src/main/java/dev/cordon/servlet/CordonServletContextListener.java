package dev.cordon.servlet;

import dev.cordon.boot.CordonRuntime;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts an embedded Cordon runtime when the web application starts and stops it, with its workers, when the web
 * application stops. Declare it in {@code WEB-INF/web.xml} and set the home with a context parameter:
 *
 * <pre>{@code
 * <listener><listener-class>dev.cordon.servlet.CordonServletContextListener</listener-class></listener>
 * <context-param><param-name>cordon.home</param-name><param-value>/opt/cordon</param-value></context-param>
 * }</pre>
 *
 * <p>Context parameters read:
 *
 * <ul>
 *   <li>{@code cordon.home} (required): the Cordon home; its {@code bundles} folder is installed.
 *   <li>{@code cordon.data}: another data folder than {@code <home>/data}; one runtime per data folder, so two web
 *       applications on one home need a data folder each.
 *   <li>{@code cordon.bundles}: another bundles folder than {@code <home>/bundles}.
 *   <li>every other parameter whose name starts with {@code cordon.}, {@code felix.} or {@code org.osgi.}: a
 *       framework property (for example {@code cordon.plugins.paths} or {@code cordon.worker.lib}).
 * </ul>
 *
 * <p>The running runtime is the servlet-context attribute {@link #ATTRIBUTE}; servlets take it with {@link
 * #runtime(ServletContext)}.
 */
public class CordonServletContextListener implements ServletContextListener {

    /** The servlet-context attribute that holds the running {@link CordonRuntime}. */
    public static final String ATTRIBUTE = CordonRuntime.class.getName();

    /** The context parameter naming the Cordon home. */
    public static final String HOME = "cordon.home";

    /** The context parameter naming another data folder. */
    public static final String DATA = "cordon.data";

    /** The context parameter naming another bundles folder. */
    public static final String BUNDLES = "cordon.bundles";

    /**
     * Starts the runtime and stores it as {@link #ATTRIBUTE}.
     *
     * @throws IllegalStateException when {@code cordon.home} is missing or Cordon cannot start; the container then
     *     fails the web application's deployment
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String home = context.getInitParameter(HOME);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("The web application " + describe(context)
                    + " declares CordonServletContextListener but no context parameter '" + HOME
                    + "': add <context-param><param-name>cordon.home</param-name>"
                    + "<param-value>/path/to/cordon</param-value></context-param> to WEB-INF/web.xml");
        }
        CordonRuntime.Builder builder = CordonRuntime.builder().home(Path.of(home.trim()));
        Map<String, String> params = parameters(context);
        String data = params.remove(DATA);
        if (data != null) {
            builder.dataDir(Path.of(data));
        }
        String bundles = params.remove(BUNDLES);
        if (bundles != null) {
            builder.bundlesDir(Path.of(bundles));
        }
        params.remove(HOME);
        params.forEach(builder::property);
        CordonRuntime runtime = builder.start();
        context.setAttribute(ATTRIBUTE, runtime);
        context.log("Cordon started for " + describe(context) + ": data "
                + runtime.home().data());
    }

    /** Stops the runtime, which stops its workers, and removes the attribute. */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Object runtime = context.getAttribute(ATTRIBUTE);
        context.removeAttribute(ATTRIBUTE);
        if (runtime instanceof CordonRuntime cordon) {
            cordon.close();
            context.log("Cordon stopped for " + describe(context));
        }
    }

    /**
     * The runtime this listener started for {@code context}.
     *
     * @throws IllegalStateException when none runs: the listener is not declared or its start failed
     */
    public static CordonRuntime runtime(ServletContext context) {
        if (context.getAttribute(ATTRIBUTE) instanceof CordonRuntime runtime) {
            return runtime;
        }
        throw new IllegalStateException("No Cordon runtime in the web application " + describe(context)
                + ": declare dev.cordon.servlet.CordonServletContextListener in WEB-INF/web.xml and check the"
                + " container's log for its start");
    }

    private static Map<String, String> parameters(ServletContext context) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith("cordon.") || name.startsWith("felix.") || name.startsWith("org.osgi.")) {
                String value = context.getInitParameter(name);
                if (value != null && !value.isBlank()) {
                    out.put(name, value.trim());
                }
            }
        }
        return out;
    }

    private static String describe(ServletContext context) {
        String path = context.getContextPath();
        return "'" + (path == null || path.isEmpty() ? "/" : path) + "'";
    }
}
