package dev.cordon.api.model;

import java.util.Objects;

/**
 * A plugin's classification, derived from its interface's fully qualified name at install time.
 * Wire keys: {@code domain}, {@code role}, {@code interface_fqcn}.
 *
 * @param domain the area, for example {@code transcription}
 * @param role the interface's simple name, for example {@code TranscriptionPlugin}
 * @param interfaceFqcn the interface's full dotted name
 */
public record PluginTaxonomy(String domain, String role, String interfaceFqcn) {

    /** Requires all three. */
    public PluginTaxonomy {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(interfaceFqcn, "interfaceFqcn");
    }
}
