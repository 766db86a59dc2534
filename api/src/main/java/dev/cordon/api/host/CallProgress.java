package dev.cordon.api.host;

import java.util.Objects;

/**
 * What the running call of an instance last reported through its plugin's progress hook.
 *
 * @param fraction 0.0–1.0, or −1.0 when the plugin cannot tell; 0.0 before the call reports anything
 * @param message the plugin's status message, or {@code ""}
 */
public record CallProgress(double fraction, String message) {

    /** A missing message is {@code ""}. */
    public CallProgress {
        message = Objects.requireNonNullElse(message, "");
    }
}
