package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.model.PluginInstance;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** Instance ids: the rule they follow and the ids made for new instances ({@code <plugin>-<6 hex>}). */
final class InstanceIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private InstanceIds() {}

    /** A fresh id for a new instance of {@code name}, within the 64-character limit. */
    static String generated(String name) {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        String base = name.length() > 57 ? name.substring(0, 57) : name;
        return base + "-" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Checks an id a caller chose.
     *
     * @throws PluginInputError naming the rule when {@code id} breaks it
     */
    static void requireValid(String id) {
        if (!PluginInstance.ID_PATTERN.matcher(id).matches()) {
            throw new PluginInputError(
                    "Instance id '" + id + "' is invalid: use 1 to 64 letters, digits, '_' or '-'",
                    List.of("instance_id"),
                    null);
        }
    }
}
