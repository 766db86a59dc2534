package dev.cordon.maven;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestInstall;
import dev.cordon.manifest.ManifestProblem;
import dev.cordon.manifest.Manifests;
import dev.cordon.manifest.archive.JavaIntrospection;
import dev.cordon.manifest.archive.PluginArchive;
import dev.cordon.manifest.archive.PluginArchives;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Builds the plugin archive of a Java plugin project: the project's jar and its runtime dependencies (the Cordon API
 * left out: the worker provides it) are put in a folder, a real Java worker introspects that folder, and the
 * archive gets the jars plus a v2 {@code manifest.json} with the worker's {@code code} section, the config schema's
 * hash and an install section for the {@code java} runtime. The archive is verified as an installer would verify it,
 * and attached to the project (type {@code zip}). Bound to the {@code package} phase, after the jar is built.
 */
@Mojo(
        name = "package",
        defaultPhase = LifecyclePhase.PACKAGE,
        requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public final class PackageMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Component
    private MavenProjectHelper projectHelper;

    /** The archive to write. */
    @Parameter(defaultValue = "${project.build.directory}/${project.build.finalName}.zip", required = true)
    private File archive;

    /** The folder the archive's jars are gathered in and introspected from. */
    @Parameter(defaultValue = "${project.build.directory}/cordon-plugin", required = true)
    private File workDirectory;

    /** The plugin class, when the jars provide more than one {@code dev.cordon.api.plugin.Plugin}. */
    @Parameter(property = "cordon.pluginClass")
    private String pluginClass;

    /** The {@code java} that runs the introspecting worker; default: the one running Maven. */
    @Parameter(property = "cordon.java")
    private File java;

    /** How long the introspecting worker may take, in seconds. */
    @Parameter(property = "cordon.introspectTimeout", defaultValue = "60")
    private int introspectTimeout;

    /** JVM options the plugin's workers start with ({@code install.jvm_args}), for example {@code -Xmx512m}. */
    @Parameter
    private List<String> jvmArgs;

    /** Whether the archive is attached to the project, so that install and deploy publish it. */
    @Parameter(property = "cordon.attach", defaultValue = "true")
    private boolean attach;

    /** Skips the goal. */
    @Parameter(property = "cordon.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping the plugin archive (cordon.skip)");
            return;
        }
        // 1. The project's jar and its runtime dependencies, gathered in one folder: the plugin's environment.
        ArchiveContents contents = ArchiveContents.of(project, getLog());
        Path env = workDirectory.toPath().resolve("env");
        try {
            contents.gather(env);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot gather the plugin's jars in " + env + ": " + e, e);
        }
        // 2. A real worker introspects the folder, loading the plugin as a serving worker would.
        JavaIntrospection introspection = new JavaIntrospection(
                java != null ? java.toPath() : JavaIntrospection.currentJava(),
                WorkerModulePath.of(plugin),
                Duration.ofSeconds(introspectTimeout));
        Manifest manifest;
        try {
            Map<String, Object> code = introspection.codeSection(env, Optional.ofNullable(pluginClass));
            manifest = JavaIntrospection.manifest(code, install());
        } catch (PluginInputError e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        List<ManifestProblem> problems = Manifests.validate(manifest);
        if (!problems.isEmpty()) {
            throw new MojoFailureException("The plugin's introspected manifest is invalid:\n  "
                    + problems.stream().map(ManifestProblem::toString).collect(Collectors.joining("\n  ")));
        }
        // 3. The archive, verified as an installer and the deploy folder verify it.
        PluginArchive written;
        List<Path> jars;
        try {
            jars = contents.gathered(env);
            PluginArchives.write(archive.toPath(), manifest, jars);
            written = PluginArchives.verify(archive.toPath());
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the plugin archive " + archive + ": " + e, e);
        } catch (PluginInputError e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        getLog().info("Plugin archive " + archive + ": plugin '"
                + manifest.code().name() + "' "
                + manifest.code().version() + " (" + manifest.code().className() + "), "
                + jars.size() + " jars, config schema " + manifest.configSchemaHash());
        if (attach) {
            projectHelper.attachArtifact(project, "zip", written.file().toFile());
        }
    }

    private ManifestInstall install() {
        return new ManifestInstall(
                "",
                "",
                "",
                Map.of(),
                "",
                "cordon-maven-plugin " + plugin.getVersion(),
                project.getGroupId() + ":" + project.getArtifactId() + ":" + project.getVersion(),
                RuntimeKind.JAVA,
                null,
                ".",
                jvmArgs == null || jvmArgs.isEmpty() ? null : jvmArgs,
                null,
                null,
                null);
    }
}
