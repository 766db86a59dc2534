package dev.cordon.installer.java;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.installer.InstallContext;
import dev.cordon.installer.InstallRequest;
import dev.cordon.installer.PackageSource;
import dev.cordon.installer.PluginEnvironment;
import dev.cordon.installer.PluginPackageInstaller;
import dev.cordon.manifest.Manifest;
import java.util.List;

/**
 * Installs a Java plugin given as a local jar: the jar alone (it must bring its dependencies inside it, or be
 * installed by its Maven coordinates or as a plugin archive instead) is copied into the environment folder and
 * introspected by a real Java worker.
 */
public final class JarPackageInstaller implements PluginPackageInstaller {

    @Override
    public String kind() {
        return "jar";
    }

    @Override
    public boolean handles(InstallRequest request) {
        return request.runtime() == RuntimeKind.JAVA
                && request.source() instanceof PackageSource.LocalPath local
                && local.kind() == PackageSource.LocalKind.JAR;
    }

    @Override
    public Manifest install(InstallRequest request, PluginEnvironment environment, InstallContext context) {
        var local = (PackageSource.LocalPath) request.source();
        context.progress().step(request.name(), "copying " + local.path());
        JavaEnvironments.copyJars(List.of(local.path()), environment.envDir());
        return JavaEnvironments.introspect(request, environment, context);
    }

    @Override
    public Manifest regenerate(Manifest current, PluginEnvironment environment, InstallContext context) {
        return JavaEnvironments.regenerated(
                current, JavaEnvironments.codeSection(environment.name(), environment, context));
    }
}
