package dev.cordon.installer.java;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.installer.InstallContext;
import dev.cordon.installer.InstallRequest;
import dev.cordon.installer.PackageSource;
import dev.cordon.installer.PluginEnvironment;
import dev.cordon.installer.PluginPackageInstaller;
import dev.cordon.manifest.Manifest;
import java.nio.file.Path;
import java.util.List;

/**
 * Installs a Java plugin given by Maven coordinates: the artifact and its runtime dependencies, resolved by Maven
 * Resolver (see {@link MavenResolution} for the settings), are copied into the environment folder, which a real
 * Java worker then introspects.
 */
public final class MavenPackageInstaller implements PluginPackageInstaller {

    @Override
    public String kind() {
        return "maven";
    }

    @Override
    public boolean handles(InstallRequest request) {
        return request.runtime() == RuntimeKind.JAVA && request.source() instanceof PackageSource.Coordinates;
    }

    @Override
    public Manifest install(InstallRequest request, PluginEnvironment environment, InstallContext context) {
        String coordinates = request.source().text();
        context.progress().step(request.name(), "resolving " + coordinates + " and its runtime dependencies");
        List<Path> jars =
                MavenResolution.of(context.settings()).resolve(request.name(), coordinates, context.progress());
        JavaEnvironments.copyJars(jars, environment.envDir());
        return JavaEnvironments.introspect(request, environment, context);
    }

    @Override
    public Manifest regenerate(Manifest current, PluginEnvironment environment, InstallContext context) {
        return JavaEnvironments.regenerated(
                current, JavaEnvironments.codeSection(environment.name(), environment, context));
    }
}
