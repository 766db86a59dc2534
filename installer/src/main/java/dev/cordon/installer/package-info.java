/**
 * Installs plugins: each into its own environment folder {@code data/envs/<name>/}, with its manifest written to
 * {@code data/manifests/<name>.json}, where the runtime discovers it.
 *
 * <p>{@link dev.cordon.installer.PluginInstaller} is the entry point: it picks the
 * {@link dev.cordon.installer.PluginPackageInstaller} that handles a request (found with {@link java.util.ServiceLoader}),
 * gives it a fresh environment folder, writes the manifest it returns, and records what was installed so that a
 * second install of the same request changes nothing unless forced.
 *
 * <p>Package installers live in packages of their own: {@code dev.cordon.installer.python} (virtual environments),
 * {@code dev.cordon.installer.java} (Maven coordinates and jars) and {@code dev.cordon.installer.archive} (plugin
 * archives).
 */
package dev.cordon.installer;
