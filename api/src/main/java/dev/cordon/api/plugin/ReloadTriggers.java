package dev.cordon.api.plugin;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** Works out which reload triggers a config change fires, from the {@link Schema.ReloadTrigger} annotations. */
public final class ReloadTriggers {

    private ReloadTriggers() {}

    /**
     * The trigger names of the components whose values differ between the two configs (by {@code equals}), each
     * once, sorted. A {@code null} config counts as every component changed from or to nothing.
     *
     * @throws IllegalArgumentException if both are {@code null} or they are of different record classes
     */
    public static SortedSet<String> changedTriggers(Record oldConfig, Record newConfig) {
        if (oldConfig == null && newConfig == null) {
            throw new IllegalArgumentException("Both configs are null; nothing to compare");
        }
        Class<?> type = (newConfig != null ? newConfig : oldConfig).getClass();
        if (oldConfig != null && newConfig != null && oldConfig.getClass() != newConfig.getClass()) {
            throw new IllegalArgumentException(
                    "Cannot compare a " + oldConfig.getClass().getName() + " with a "
                            + newConfig.getClass().getName());
        }
        SortedSet<String> triggers = new TreeSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Schema.ReloadTrigger trigger = component.getAnnotation(Schema.ReloadTrigger.class);
            if (trigger != null && !Objects.equals(value(component, oldConfig), value(component, newConfig))) {
                triggers.add(trigger.value());
            }
        }
        return triggers;
    }

    private static Object value(RecordComponent component, Record config) {
        if (config == null) {
            return null;
        }
        try {
            return component.getAccessor().invoke(config);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    "Cannot read component '" + component.getName() + "' of "
                            + config.getClass().getName() + "; make the record public and its package exported: " + e,
                    e);
        }
    }
}
