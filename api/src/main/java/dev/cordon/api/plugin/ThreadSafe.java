package dev.cordon.api.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link Plugin} class whose {@code execute} and {@code executeStream} may run concurrently on one
 * instance. Without it, the worker runs one call at a time (the original ran them concurrently with no lock).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ThreadSafe {}
