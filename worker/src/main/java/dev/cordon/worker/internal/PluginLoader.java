package dev.cordon.worker.internal;

import dev.cordon.api.plugin.Plugin;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads the plugin from its environment folder. The jars become a child {@link ModuleLayer} above the boot layer
 * (plain jars as automatic modules), so the plugin's own dependencies shadow the worker's; when the jars do not
 * form a valid module graph (split packages, two versions of one module …) they go into an isolated class loader
 * instead, which shares only {@code dev.cordon.api} with the worker. The class comes from
 * {@code ServiceLoader} ({@code provides dev.cordon.api.plugin.Plugin}, or {@code META-INF/services} in the
 * fallback), matched by name when one is given, else by loading the named class directly.
 */
public final class PluginLoader {

    private PluginLoader() {}

    /** A constructed plugin and how it was loaded. */
    public record Loaded(Plugin<?> plugin, ClassLoader loader, String how) {}

    /**
     * Loads and constructs the plugin.
     *
     * @throws PluginLoadException saying what was looked for where, and why it failed
     */
    public static Loaded load(WorkerOptions options) {
        Path dir = options.envDir();
        if (!Files.isDirectory(dir)) {
            throw new PluginLoadException("environment folder " + dir + " does not exist or is not a folder");
        }
        List<Path> jars = jars(dir);
        try {
            ModuleLayer layer = layer(jars);
            List<ClassLoader> loaders = layer.modules().stream()
                    .map(Module::getClassLoader)
                    .distinct()
                    .toList();
            Plugin<?> plugin = instantiate(ServiceLoader.load(layer, Plugin.class), options, loaders.get(0));
            return new Loaded(
                    plugin,
                    plugin.getClass().getClassLoader(),
                    "module layer of " + layer.modules().size() + " modules from " + dir);
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            WorkerLog.warn("the jars in " + dir + " do not form a valid module layer (" + e.getMessage()
                    + "); falling back to an isolated class loader");
            ClassLoader loader = new IsolatedClassLoader(urls(jars));
            Plugin<?> plugin = instantiate(ServiceLoader.load(Plugin.class, loader), options, loader);
            return new Loaded(plugin, loader, "isolated class loader over " + jars.size() + " jars from " + dir);
        }
    }

    private static ModuleLayer layer(List<Path> jars) {
        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        Set<String> roots =
                finder.findAll().stream().map(r -> r.descriptor().name()).collect(Collectors.toSet());
        ModuleLayer boot = ModuleLayer.boot();
        Configuration config = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
        return boot.defineModulesWithOneLoader(config, ClassLoader.getPlatformClassLoader());
    }

    private static Plugin<?> instantiate(ServiceLoader<Plugin> services, WorkerOptions options, ClassLoader loader) {
        List<ServiceLoader.Provider<Plugin>> providers = new ArrayList<>();
        try {
            services.stream().forEach(providers::add);
        } catch (java.util.ServiceConfigurationError e) {
            throw new PluginLoadException("a Plugin provider is broken: " + e.getMessage(), e);
        }
        String wanted = options.className().orElse(null);
        List<ServiceLoader.Provider<Plugin>> matching = providers.stream()
                .filter(p -> wanted == null || p.type().getName().equals(wanted))
                .filter(p -> options.moduleName().isEmpty()
                        || options.moduleName()
                                .get()
                                .equals(p.type().getModule().getName()))
                .toList();
        try {
            if (matching.size() == 1) {
                return matching.get(0).get();
            }
            if (wanted != null && matching.isEmpty()) {
                return byName(wanted, loader);
            }
        } catch (java.util.ServiceConfigurationError e) {
            throw new PluginLoadException("constructing " + wanted + " failed: " + e.getMessage(), e.getCause());
        }
        List<String> names = providers.stream().map(p -> p.type().getName()).toList();
        throw new PluginLoadException(
                matching.isEmpty()
                        ? "no dev.cordon.api.plugin.Plugin provider found; declare 'provides dev.cordon.api.plugin.Plugin with"
                                + " <class>' in the plugin's module-info or pass --class"
                        : "several Plugin providers found " + names + "; pass --class to choose one");
    }

    private static Plugin<?> byName(String className, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!Plugin.class.isAssignableFrom(type)) {
                throw new PluginLoadException(className + " does not implement dev.cordon.api.plugin.Plugin");
            }
            return (Plugin<?>) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new PluginLoadException("class " + className + " not found in the plugin's jars", e);
        } catch (NoSuchMethodException e) {
            throw new PluginLoadException(className + " has no public no-argument constructor", e);
        } catch (IllegalAccessException e) {
            throw new PluginLoadException(className + " is not accessible; export its package", e);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PluginLoadException("the constructor of " + className + " failed: " + cause, cause);
        }
    }

    private static List<Path> jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
            if (jars.isEmpty()) {
                throw new PluginLoadException("environment folder " + dir + " holds no jars");
            }
            return jars;
        } catch (IOException e) {
            throw new PluginLoadException("cannot list environment folder " + dir + ": " + e, e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginLoadException("bad jar path " + jars.get(i), e);
            }
        }
        return urls;
    }

    /** Child-first over the plugin's jars; only the API comes from the worker, everything else is the plugin's own. */
    static final class IsolatedClassLoader extends URLClassLoader {

        static {
            ClassLoader.registerAsParallelCapable();
        }

        private static final ClassLoader API = Plugin.class.getClassLoader();

        IsolatedClassLoader(URL[] urls) {
            super("cordon-plugin", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("dev.cordon.api.")) {
                return API.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    /** The plugin could not be loaded; the message says what and why. */
    public static final class PluginLoadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PluginLoadException(String message) {
            super(message);
        }

        PluginLoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
