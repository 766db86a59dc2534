package dev.cordon.api.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret's value, wrapped so that it cannot reach a log line or a message by accident:
 * {@link #toString()} never shows it; only {@link #reveal()} does, and only the worker launcher should
 * call that, to put the value into a worker's environment.
 */
public final class SecretValue {

    private final String value;

    private SecretValue(String value) {
        this.value = value;
    }

    /** Wraps {@code value}, which must not be null. */
    public static SecretValue of(String value) {
        return new SecretValue(Objects.requireNonNull(value, "secret value"));
    }

    /** The plain value. Pass it on (to a worker's environment), never log it. */
    public String reveal() {
        return value;
    }

    /** Compares in time independent of where the values differ. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SecretValue that
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Always {@code SecretValue[redacted]}. */
    @Override
    public String toString() {
        return "SecretValue[redacted]";
    }
}
