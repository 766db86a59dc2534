package dev.cordon.runtime.internal.manager;

import dev.cordon.api.model.PluginMeta;
import dev.cordon.api.store.JournalKind;
import dev.cordon.api.store.JournalRecord;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestException;
import dev.cordon.manifest.ManifestProblem;
import dev.cordon.manifest.Manifests;
import dev.cordon.runtime.internal.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The discovered plugins: manifests ({@code *.json}) read from the search folders in order, then from the deploy
 * folder. The first definition of a name wins; later ones, and files that cannot be read or are invalid, are
 * reported as {@link DiscoveryProblem}s and skipped. Thread-safe: every change replaces an immutable view.
 */
final class PluginCatalog {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PluginCatalog.class);

    private final List<Path> searchPaths;
    private final Path deployDir;
    /** Deploy-folder manifests known through the live installer, in arrival order. */
    private final Map<Path, Boolean> deployed = new LinkedHashMap<>();
    /** Drift seen per plugin name: the live schema. */
    private final Map<String, Map<String, Object>> drift = new LinkedHashMap<>();
    /** Plugin archives of the deploy folder that were refused, with the reason. */
    private final Map<Path, String> refusedArchives = new LinkedHashMap<>();
    /** The skipped manifests already logged, with their reason and modification time. */
    private final Map<Path, String> reported = new HashMap<>();

    private volatile View view = new View(Map.of(), List.of());
    private Supplier<Journal> journal = () -> Journal.OFF;

    private record View(Map<String, DiscoveredPlugin> plugins, List<DiscoveryProblem> problems) {}

    PluginCatalog(List<Path> searchPaths, Path deployDir) {
        this.searchPaths = List.copyOf(searchPaths);
        this.deployDir = deployDir.toAbsolutePath().normalize();
    }

    /** Records plugins found, removed and drifted to {@code journal} from now on. */
    synchronized void journal(Supplier<Journal> journal) {
        this.journal = journal;
    }

    /** Rescans every folder and returns the plugins in name order. */
    synchronized List<DiscoveredPlugin> scan() {
        Map<String, DiscoveredPlugin> found = new LinkedHashMap<>();
        List<DiscoveryProblem> problems = new ArrayList<>();
        for (Path dir : searchPaths) {
            for (Path file : manifestFiles(dir, problems)) {
                add(file, false, found, problems);
            }
        }
        List<Path> deployFiles = new ArrayList<>(jsonFiles(deployDir, problems));
        deployed.keySet().removeIf(f -> !Files.exists(f));
        for (Path f : deployed.keySet()) {
            if (!deployFiles.contains(f)) {
                deployFiles.add(f);
            }
        }
        for (Path file : deployFiles) {
            add(file, true, found, problems);
        }
        refusedArchives.keySet().removeIf(f -> !Files.exists(f));
        refusedArchives.forEach((f, reason) -> problems.add(new DiscoveryProblem(f, reason)));
        Map<String, DiscoveredPlugin> before = view.plugins;
        view = new View(Map.copyOf(found), List.copyOf(problems));
        journalChanges(before, view.plugins);
        reportOnce(problems);
        return plugins();
    }

    private void journalChanges(Map<String, DiscoveredPlugin> before, Map<String, DiscoveredPlugin> after) {
        Journal j = journal.get();
        after.forEach((name, p) -> {
            DiscoveredPlugin old = before.get(name);
            if (old == null || !old.file().equals(p.file())) {
                j.record(JournalRecord.of(
                        JournalKind.PLUGIN_DISCOVERED,
                        null,
                        name,
                        Map.of("manifest", p.file().toString())));
            }
        });
        before.forEach((name, p) -> {
            if (!after.containsKey(name)) {
                j.record(JournalRecord.of(
                        JournalKind.PLUGIN_REMOVED,
                        null,
                        name,
                        Map.of("manifest", p.file().toString())));
            }
        });
    }

    /**
     * Logs each skipped manifest once per change: again only when the file or the reason changed, so rescans (every
     * deploy event, every {@code cordon:plugins}) do not repeat it. A file that is fixed is forgotten.
     */
    private void reportOnce(List<DiscoveryProblem> problems) {
        Map<Path, String> now = new HashMap<>();
        for (DiscoveryProblem p : problems) {
            String seen = p.reason() + "@" + modified(p.file());
            now.put(p.file(), seen);
            if (!seen.equals(reported.get(p.file()))) {
                LOG.warn("Skipped manifest {}", p);
            }
        }
        reported.clear();
        reported.putAll(now);
    }

    private static String modified(Path file) {
        try {
            return Files.getLastModifiedTime(file) + "/" + Files.size(file);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** A manifest appeared or changed in the deploy folder. */
    synchronized void deployed(Path file) {
        deployed.put(file.toAbsolutePath().normalize(), Boolean.TRUE);
        scan();
    }

    /** A plugin archive of the deploy folder was refused: it is reported with the skipped manifests. */
    synchronized void archiveRefused(Path archive, String reason) {
        refusedArchives.put(archive.toAbsolutePath().normalize(), "refused plugin archive: " + reason);
        scan();
    }

    /** A plugin archive was deployed or removed: a refusal of it no longer stands. */
    synchronized void archiveCleared(Path archive) {
        refusedArchives.remove(archive.toAbsolutePath().normalize());
    }

    /** A manifest left the deploy folder; returns the plugin it defined, if it was the winning definition. */
    synchronized Optional<String> undeployed(Path file) {
        Path f = file.toAbsolutePath().normalize();
        deployed.remove(f);
        Optional<String> name = view.plugins.values().stream()
                .filter(p -> p.file().equals(f))
                .map(DiscoveredPlugin::name)
                .findFirst();
        scan();
        name.ifPresent(drift::remove);
        return name;
    }

    /** Whether {@code file} is a manifest in the deploy folder. */
    boolean isDeployManifest(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return f.getParent() != null
                && f.getParent().equals(deployDir)
                && f.toString().endsWith(".json");
    }

    /** Every discovered plugin, sorted by name. */
    List<DiscoveredPlugin> plugins() {
        return view.plugins.values().stream()
                .map(this::withDrift)
                .sorted(Comparator.comparing(DiscoveredPlugin::name))
                .toList();
    }

    /** The plugin called {@code name}. */
    Optional<DiscoveredPlugin> get(String name) {
        return Optional.ofNullable(view.plugins.get(name)).map(this::withDrift);
    }

    /**
     * The one plugin to use for a role. Among the discovered plugins whose taxonomy has this role: the only one;
     * else, when several, the only one whose manifest sets {@code overrides.canonical_for_role: true}. Empty when
     * none has the role (silently: an absent optional plugin is a normal probe outcome) or when several compete
     * without exactly one override, which is logged at WARN naming them, since the caller cannot tell that case
     * from absence.
     */
    Optional<DiscoveredPlugin> canonicalFor(String role) {
        List<DiscoveredPlugin> withRole = plugins().stream()
                .filter(p -> p.meta().taxonomy().map(t -> t.role().equals(role)).orElse(false))
                .toList();
        if (withRole.size() == 1) {
            return Optional.of(withRole.get(0));
        }
        List<DiscoveredPlugin> marked = withRole.stream()
                .filter(p -> Boolean.TRUE.equals(p.manifest().overrides().get("canonical_for_role")))
                .toList();
        if (marked.size() == 1) {
            return Optional.of(marked.get(0));
        }
        if (withRole.size() > 1) {
            LOG.warn(
                    "No canonical plugin for role '{}': {} plugins implement it ({}) and {} of them set "
                            + "overrides.canonical_for_role; set it in exactly one manifest, or look them up by role",
                    role,
                    withRole.size(),
                    withRole.stream().map(DiscoveredPlugin::name).collect(Collectors.joining(", ")),
                    marked.size());
        }
        return Optional.empty();
    }

    /** What the last scan skipped and why. */
    List<DiscoveryProblem> problems() {
        return view.problems;
    }

    /** Records the live schema of a plugin whose schema drifted from its manifest; {@code null} clears it. */
    synchronized void drift(String name, Map<String, Object> liveSchema) {
        if (liveSchema == null) {
            drift.remove(name);
        } else if (!liveSchema.equals(drift.put(name, liveSchema))) {
            journal.get()
                    .record(JournalRecord.of(
                            JournalKind.PLUGIN_DRIFTED,
                            null,
                            name,
                            Map.of("problem", "the worker's config schema differs from the manifest's")));
        }
    }

    private synchronized DiscoveredPlugin withDrift(DiscoveredPlugin p) {
        Map<String, Object> live = drift.get(p.name());
        if (live == null) {
            return p;
        }
        PluginMeta m = p.meta();
        return new DiscoveredPlugin(
                new PluginMeta(
                        m.name(),
                        m.version(),
                        m.description(),
                        m.category(),
                        m.interfaceName(),
                        m.runtime(),
                        m.taxonomy(),
                        m.resources(),
                        m.configSchema(),
                        true,
                        Optional.of(live)),
                p.manifest(),
                p.file(),
                p.fromDeploy());
    }

    private static void add(
            Path file, boolean fromDeploy, Map<String, DiscoveredPlugin> found, List<DiscoveryProblem> problems) {
        Manifest manifest;
        try {
            manifest = Manifests.read(file);
            List<ManifestProblem> invalid = Manifests.validate(manifest);
            if (!invalid.isEmpty()) {
                throw new ManifestException(file.toString(), invalid);
            }
        } catch (ManifestException e) {
            problems.add(new DiscoveryProblem(
                    file,
                    "invalid manifest: "
                            + e.problems().stream()
                                    .map(ManifestProblem::toString)
                                    .collect(Collectors.joining("; "))));
            return;
        } catch (IOException | RuntimeException e) {
            problems.add(new DiscoveryProblem(file, "unreadable: " + e.getMessage()));
            return;
        }
        String name = manifest.code().name();
        DiscoveredPlugin first = found.get(name);
        if (first != null) {
            problems.add(new DiscoveryProblem(
                    file,
                    "plugin '" + name + "' is already defined by " + first.file()
                            + ", which comes first in the search order; this definition is ignored"));
            return;
        }
        found.put(
                name,
                new DiscoveredPlugin(
                        Manifests.toMeta(manifest),
                        manifest,
                        file.toAbsolutePath().normalize(),
                        fromDeploy));
    }

    /**
     * The manifests of a search folder: its {@code *.json} files and the {@code manifest.json} of each subfolder
     * (a plugin laid out as {@code <name>/manifest.json} beside its sources). Anything else in the folder is
     * reported as ignored, so a manifest put in the wrong place does not vanish silently.
     */
    private static List<Path> manifestFiles(Path dir, List<DiscoveryProblem> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.map(f -> f.toAbsolutePath().normalize()).sorted().toList()) {
                String name = f.getFileName().toString();
                if (Files.isDirectory(f)) {
                    Path nested = f.resolve("manifest.json");
                    if (Files.isRegularFile(nested)) {
                        found.add(nested);
                    } else {
                        problems.add(new DiscoveryProblem(
                                f,
                                "ignored: a folder here is read only for its "
                                        + "manifest.json, and it has none; put the manifest at " + nested + " or at "
                                        + dir.resolve(name + ".json")));
                    }
                } else if (isJson(f)) {
                    found.add(f);
                } else if (!name.startsWith(".") && !name.startsWith("README")) {
                    problems.add(new DiscoveryProblem(
                            f,
                            "ignored: not a manifest; manifests are *.json files " + "or <name>/manifest.json in "
                                    + dir));
                }
            }
        } catch (IOException e) {
            problems.add(new DiscoveryProblem(dir, "folder unreadable: " + e.getMessage()));
            return List.of();
        }
        return found;
    }

    private static boolean isJson(Path f) {
        return f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") && Files.isRegularFile(f);
    }

    private static List<Path> jsonFiles(Path dir, List<DiscoveryProblem> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(PluginCatalog::isJson)
                    .map(f -> f.toAbsolutePath().normalize())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(new DiscoveryProblem(dir, "folder unreadable: " + e.getMessage()));
            return List.of();
        }
    }

    /** The metadata of the discovered plugins that pass {@code test}, in discovery order. */
    List<PluginMeta> matching(Predicate<PluginMeta> test) {
        return plugins().stream().map(DiscoveredPlugin::meta).filter(test).toList();
    }
}
