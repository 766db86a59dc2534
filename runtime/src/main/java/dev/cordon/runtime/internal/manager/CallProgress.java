package dev.cordon.runtime.internal.manager;

/**
 * What the running call of an instance last reported.
 *
 * @param fraction 0.0–1.0, or −1.0 when the plugin cannot tell; 0.0 before the call reports anything
 * @param message the plugin's status message, or {@code ""}
 */
public record CallProgress(double fraction, String message) {}
