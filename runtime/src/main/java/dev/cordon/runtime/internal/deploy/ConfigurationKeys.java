package dev.cordon.runtime.internal.deploy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys a component's configuration annotation reads, named as Declarative Services maps its methods ({@code
 * max_running()} is read from {@code max.running}), and the keys of a configuration that none of them reads: a typo
 * or an underscore where a dot belongs would otherwise be ignored without a word.
 */
public final class ConfigurationKeys {

    private ConfigurationKeys() {}

    /** The property names {@code annotation}'s methods read. */
    public static Set<String> known(Class<?> annotation) {
        Set<String> keys = new TreeSet<>();
        for (Method m : annotation.getDeclaredMethods()) {
            keys.add(propertyName(m.getName()));
        }
        return keys;
    }

    /**
     * One line per key of {@code properties} that {@code annotation} does not read, naming the key and the known key
     * it most likely meant; keys of the framework, ConfigAdmin and FileInstall are not reported.
     */
    public static List<String> problems(Class<?> annotation, Map<String, ?> properties) {
        Set<String> known = known(annotation);
        List<String> out = new ArrayList<>();
        for (String key : new TreeSet<>(properties.keySet())) {
            if (known.contains(key) || foreign(key)) {
                continue;
            }
            String dotted = key.replace('_', '.').replace('-', '.').toLowerCase(Locale.ROOT);
            String hint = known.contains(dotted) ? "write '" + dotted + "'" : "the keys read are " + known;
            out.add("unknown key '" + key + "' is ignored; " + hint);
        }
        return out;
    }

    /** The Declarative Services name of an annotation method: {@code _} is {@code .}, {@code __} is {@code _}. */
    static String propertyName(String method) {
        return method.replace("__", "\u0000")
                .replace('_', '.')
                .replace('\u0000', '_')
                .replace("$", "");
    }

    private static boolean foreign(String key) {
        return key.startsWith("service.")
                || key.startsWith("component.")
                || key.startsWith("felix.")
                || key.startsWith("osgi.")
                || key.startsWith(":org.apache.felix");
    }
}
