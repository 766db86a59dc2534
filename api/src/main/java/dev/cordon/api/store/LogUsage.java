package dev.cordon.api.store;

/**
 * What one plugin's lines take in the diagnostics store.
 *
 * @param lines how many lines are kept
 * @param bytes their UTF-8 size
 */
public record LogUsage(long lines, long bytes) {}
