package dev.cordon.maven;

import dev.cordon.manifest.archive.FileTrees;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * The jars a plugin archive holds: the project's own jar, then its compile and runtime dependencies, without the
 * Cordon API (the worker's boot layer provides it, and a second copy in the plugin's layer would be a different
 * module whose {@code Plugin} the worker cannot see).
 */
record ArchiveContents(Path projectJar, List<Path> dependencies) {

    static final String API_GROUP = "dev.cordon";
    static final String API_ARTIFACT = "api";

    static ArchiveContents of(MavenProject project, Log log) throws MojoExecutionException {
        File jar = project.getArtifact().getFile();
        if (jar == null || !jar.isFile() || !jar.getName().endsWith(".jar")) {
            throw new MojoExecutionException("The project's jar is not built: cordon:package needs a project of"
                    + " packaging 'jar' and runs in the package phase after the jar plugin; run 'mvn package'");
        }
        List<Path> deps = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            if (!Artifact.SCOPE_COMPILE.equals(a.getScope()) && !Artifact.SCOPE_RUNTIME.equals(a.getScope())) {
                continue;
            }
            if (API_GROUP.equals(a.getGroupId()) && API_ARTIFACT.equals(a.getArtifactId())) {
                log.warn("Leaving dev.cordon:api out of the plugin archive: the worker provides it; declare it with"
                        + " <scope>provided</scope>");
                continue;
            }
            if (a.getFile() != null && a.getFile().getName().endsWith(".jar")) {
                deps.add(a.getFile().toPath());
            }
        }
        return new ArchiveContents(jar.toPath(), deps);
    }

    /** Copies the jars into {@code env}, emptied first; two jars of one file name are told apart by group. */
    void gather(Path env) throws IOException {
        FileTrees.delete(env);
        Files.createDirectories(env);
        Set<String> names = new HashSet<>();
        Files.copy(projectJar, env.resolve(projectJar.getFileName()));
        names.add(projectJar.getFileName().toString());
        for (Path dep : dependencies) {
            String name = dep.getFileName().toString();
            if (!names.add(name)) {
                name = dep.getParent().getParent().getParent().getFileName() + "-" + name;
                names.add(name);
            }
            Files.copy(dep, env.resolve(name));
        }
    }

    /** The jars gathered in {@code env}, by name. */
    List<Path> gathered(Path env) throws IOException {
        try (Stream<Path> files = Files.list(env)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }
}
