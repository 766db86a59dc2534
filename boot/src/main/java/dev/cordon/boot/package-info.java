/**
 * Runs Cordon inside an application's own JVM: a plain {@code main}, a servlet container, Spring Boot.
 *
 * <p>Start with {@link dev.cordon.boot.CordonRuntime#builder()}. The home must be an unpacked Cordon
 * distribution (its {@code bundles/} folder holds the bundles the framework installs).
 */
package dev.cordon.boot;
