package dev.cordon.installer.java;

import dev.cordon.installer.InstallFailedException;
import dev.cordon.installer.InstallProgress;
import dev.cordon.installer.InstallSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves Maven coordinates and their runtime dependencies as Maven does (poms, parents, dependency management,
 * nearest wins; {@code provided} and {@code test} dependencies left out), from the local repository and the
 * configured remote repositories.
 *
 * <p>Settings ({@code etc/cordon.properties}, or a system property of the same key):
 * <ul>
 *   <li>{@code cordon.install.maven.local}: the local repository, default {@code ~/.m2/repository};</li>
 *   <li>{@code cordon.install.maven.repositories}: comma-separated remote repositories, each {@code id=url} or a
 *       bare URL; default Maven Central; {@code none} for the local repository alone;</li>
 *   <li>{@code cordon.install.maven.offline}: {@code true} to use the local repository only (default
 *       {@code false}).</li>
 * </ul>
 *
 * @param localRepository the local repository folder
 * @param remotes the remote repositories, in order
 * @param offline whether remote repositories are left alone
 */
record MavenResolution(Path localRepository, List<RemoteRepository> remotes, boolean offline) {

    static final String CENTRAL = "https://repo.maven.apache.org/maven2";

    /** The resolution the settings configure. */
    static MavenResolution of(InstallSettings settings) {
        Path local = Path.of(settings.property(
                "cordon.install.maven.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        String text = settings.property("cordon.install.maven.repositories", "central=" + CENTRAL);
        List<RemoteRepository> remotes = new ArrayList<>();
        if (!text.equalsIgnoreCase("none")) {
            int n = 0;
            for (String item : text.split(",")) {
                String spec = item.strip();
                if (spec.isEmpty()) {
                    continue;
                }
                int eq = spec.indexOf('=');
                String id = eq > 0 ? spec.substring(0, eq).strip() : "repository-" + (++n);
                String url = eq > 0 ? spec.substring(eq + 1).strip() : spec;
                remotes.add(new RemoteRepository.Builder(id, "default", url).build());
            }
        }
        boolean offline = Boolean.parseBoolean(settings.property("cordon.install.maven.offline", "false"));
        return new MavenResolution(local, remotes, offline);
    }

    /**
     * The jar of {@code coordinates} followed by those of its runtime dependencies.
     *
     * @throws InstallFailedException naming what could not be resolved, where it was looked for, and what to do
     */
    List<Path> resolve(String plugin, String coordinates, InstallProgress progress) {
        Artifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new InstallFailedException(
                    plugin, "'" + coordinates + "' are not Maven coordinates: write group:artifact:version", e);
        }
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(system)
                .get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setOffline(offline)
                .setSystemProperties(System.getProperties())
                .setTransferListener(new ProgressTransfers(plugin, progress))
                .build()) {
            CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), remotes);
            DependencyRequest request =
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
                Artifact a = r.getArtifact();
                if ("jar".equals(a.getExtension()) && !isApi(a)) {
                    jars.add(a.getPath());
                }
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new InstallFailedException(
                    plugin,
                    "Cannot resolve " + coordinates + " and its runtime dependencies from the local repository "
                            + localRepository + (offline ? " (offline)" : " and " + describe(remotes)) + ": "
                            + e.getMessage()
                            + "; check the coordinates, or set cordon.install.maven.local / .repositories /"
                            + " .offline in etc/cordon.properties",
                    e);
        } finally {
            system.shutdown();
        }
    }

    /** The worker's boot layer provides the API; a copy among the plugin's jars would hide it. */
    private static boolean isApi(Artifact a) {
        return "dev.cordon".equals(a.getGroupId()) && "api".equals(a.getArtifactId());
    }

    private static String describe(List<RemoteRepository> remotes) {
        return remotes.isEmpty()
                ? "no remote repository"
                : remotes.stream()
                        .map(r -> r.getId() + " " + r.getUrl())
                        .toList()
                        .toString();
    }
}
