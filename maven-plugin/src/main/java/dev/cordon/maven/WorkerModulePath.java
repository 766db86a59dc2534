package dev.cordon.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.descriptor.PluginDescriptor;

/**
 * The introspecting worker's module path: this Maven plugin's own dependencies (the worker, api, protocol, manifest,
 * Gson, Netty), which Maven resolved with the plugin, so a plugin project needs no Cordon installation to build.
 */
final class WorkerModulePath {

    private WorkerModulePath() {}

    static List<Path> of(PluginDescriptor plugin) {
        return plugin.getArtifacts().stream()
                .filter(a -> !isPluginItself(plugin, a))
                .map(Artifact::getFile)
                .filter(f -> f != null && f.getName().endsWith(".jar"))
                .map(File::toPath)
                .toList();
    }

    private static boolean isPluginItself(PluginDescriptor plugin, Artifact a) {
        return a.getGroupId().equals(plugin.getGroupId()) && a.getArtifactId().equals(plugin.getArtifactId());
    }
}
