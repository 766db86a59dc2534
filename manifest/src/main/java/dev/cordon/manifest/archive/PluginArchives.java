package dev.cordon.manifest.archive;

import dev.cordon.api.model.RuntimeKind;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestException;
import dev.cordon.manifest.ManifestProblem;
import dev.cordon.manifest.Manifests;
import dev.cordon.protocol.json.CanonicalJson;
import dev.cordon.protocol.json.PlainJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes, verifies and unpacks plugin archives. The layout is flat: {@code manifest.json} at the root beside the
 * plugin's files (for Java, the jars the worker loads, all at the root); an unpacked archive is therefore the
 * plugin's environment folder as it is, with its manifest in it. Stateless and thread-safe.
 */
public final class PluginArchives {

    /** The manifest's entry name, at the archive's root. */
    public static final String MANIFEST_ENTRY = "manifest.json";
    /** The most entries an archive may hold. */
    public static final int MAX_ENTRIES = 10_000;
    /** The most bytes an archive may unpack to (guards against zip bombs). */
    public static final long MAX_UNPACKED_BYTES = 2L * 1024 * 1024 * 1024;

    /** Entries get one fixed time, so two builds of the same inputs give the same archive bytes. */
    private static final long ENTRY_TIME = 315_532_800_000L + 86_400_000L * 31;

    private PluginArchives() {}

    /**
     * Checks an archive and reads its manifest: a readable zip of at most {@link #MAX_ENTRIES} entries with safe,
     * unique relative names that unpack to at most {@link #MAX_UNPACKED_BYTES}; a {@code manifest.json} at the root
     * that is a valid manifest declaring its runtime ({@code java} with at least one jar at the root, or
     * {@code python}); and a {@code drift_tracking.config_schema_hash} equal to the hash of its config schema.
     *
     * @throws PluginArchiveException naming the first thing that is wrong and what to do
     */
    public static PluginArchive verify(Path archive) {
        String digest = digest(archive);
        try (ZipFile zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8)) {
            List<String> files = entryNames(archive, zip);
            ZipEntry manifestEntry = zip.getEntry(MANIFEST_ENTRY);
            if (manifestEntry == null || manifestEntry.isDirectory()) {
                throw new PluginArchiveException(
                        archive,
                        "it has no " + MANIFEST_ENTRY + " at its root; build it with cordon-maven-plugin"
                                + " (goal package) or put the plugin's manifest there",
                        null);
            }
            Manifest manifest = manifest(archive, zip, manifestEntry);
            checkRuntime(archive, manifest, files);
            checkHash(archive, manifest);
            return new PluginArchive(archive, digest, manifest, files);
        } catch (ZipException e) {
            throw new PluginArchiveException(archive, "it is not a zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new PluginArchiveException(archive, "it cannot be read: " + e, e);
        }
    }

    /**
     * Unpacks a verified archive into {@code target}, replacing what was there: the files go to a sibling staging
     * folder first, which then takes the target's place, so a failure leaves the old folder untouched.
     *
     * @throws PluginArchiveException when an entry cannot be unpacked (the archive changed since it was verified)
     * @throws IOException when the target cannot be written
     */
    public static void unpack(PluginArchive archive, Path target) throws IOException {
        Path dest = target.toAbsolutePath().normalize();
        Path parent = dest.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + dest.getFileName() + ".unpacking-");
        try {
            extract(archive, staging);
            if (Files.exists(dest)) {
                Path old = Files.createTempDirectory(parent, "." + dest.getFileName() + ".replaced-");
                Files.move(dest, old.resolve("env"), StandardCopyOption.ATOMIC_MOVE);
                Files.move(staging, dest, StandardCopyOption.ATOMIC_MOVE);
                FileTrees.delete(old);
            } else {
                Files.move(staging, dest, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            FileTrees.delete(staging);
        }
    }

    /**
     * Writes an archive: {@code manifest.json} first, then each file at the root under its own name, with fixed
     * entry times (the same inputs give the same bytes). The file is written beside {@code archive} and moved into
     * place.
     *
     * @throws IllegalArgumentException when two files share a name or one is called {@code manifest.json}
     */
    public static void write(Path archive, Manifest manifest, List<Path> files) throws IOException {
        Set<String> names = new HashSet<>(Set.of(MANIFEST_ENTRY));
        for (Path f : files) {
            if (!names.add(f.getFileName().toString())) {
                throw new IllegalArgumentException("two files of the archive are called " + f.getFileName()
                        + "; each file lands at the archive's root under its own name");
            }
        }
        Path dir = archive.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, archive.getFileName().toString(), ".tmp");
        try {
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(temp), StandardCharsets.UTF_8)) {
                put(out, MANIFEST_ENTRY);
                out.write(Manifests.write(manifest).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
                for (Path f : files) {
                    put(out, f.getFileName().toString());
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            Files.move(temp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void put(ZipOutputStream out, String name) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(ENTRY_TIME);
        out.putNextEntry(entry);
    }

    private static List<String> entryNames(Path archive, ZipFile zip) {
        if (zip.size() > MAX_ENTRIES) {
            throw new PluginArchiveException(
                    archive, "it has " + zip.size() + " entries, more than the limit of " + MAX_ENTRIES, null);
        }
        List<String> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            String name = entry.getName();
            String unsafe = EntryNames.problem(name);
            if (unsafe != null) {
                throw new PluginArchiveException(archive, "entry '" + name + "' " + unsafe, null);
            }
            if (!seen.add(EntryNames.withoutSlash(name))) {
                throw new PluginArchiveException(archive, "entry '" + name + "' appears twice", null);
            }
            if (!entry.isDirectory()) {
                files.add(name);
                total += Math.max(0, entry.getSize());
            }
        }
        if (total > MAX_UNPACKED_BYTES) {
            throw new PluginArchiveException(
                    archive,
                    "it would unpack to " + total + " bytes, more than the limit of " + MAX_UNPACKED_BYTES,
                    null);
        }
        return files;
    }

    private static Manifest manifest(Path archive, ZipFile zip, ZipEntry entry) throws IOException {
        String text;
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(PlainJson.MAX_CHARS + 1);
            if (bytes.length > PlainJson.MAX_CHARS) {
                throw new PluginArchiveException(
                        archive, MANIFEST_ENTRY + " is larger than " + PlainJson.MAX_CHARS + " bytes", null);
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return Manifests.readValid(text, archive + "!/" + MANIFEST_ENTRY);
        } catch (ManifestException e) {
            throw new PluginArchiveException(
                    archive,
                    "its " + MANIFEST_ENTRY + " is invalid: "
                            + e.problems().stream()
                                    .map(ManifestProblem::toString)
                                    .collect(Collectors.joining("; ")),
                    e);
        }
    }

    private static void checkRuntime(Path archive, Manifest manifest, List<String> files) {
        // Unpacked, the archive's own manifest registers the plugin: its files are where env_dir points.
        if (!".".equals(manifest.install().envDir())) {
            throw new PluginArchiveException(
                    archive,
                    "its manifest must declare install.env_dir \".\" (the plugin's files sit at the archive's root),"
                            + " it declares "
                            + (manifest.install().envDir() == null
                                    ? "none"
                                    : "\"" + manifest.install().envDir() + "\""),
                    null);
        }
        RuntimeKind runtime = manifest.install().runtime();
        if (runtime == RuntimeKind.JAVA) {
            boolean jar = files.stream().anyMatch(f -> !f.contains("/") && f.endsWith(".jar"));
            if (!jar) {
                throw new PluginArchiveException(
                        archive, "its manifest declares runtime 'java' but it holds no jar at its root", null);
            }
        } else if (runtime != RuntimeKind.PYTHON) {
            throw new PluginArchiveException(
                    archive,
                    "its manifest must declare install.runtime 'java' or 'python' (it declares "
                            + (runtime == null ? "none" : "'" + runtime.wire() + "'") + ")",
                    null);
        }
    }

    private static void checkHash(Path archive, Manifest manifest) {
        String recorded = manifest.configSchemaHash();
        String actual = CanonicalJson.hashOf(manifest.code().configSchema());
        if (recorded == null) {
            throw new PluginArchiveException(
                    archive,
                    "its manifest records no drift_tracking.config_schema_hash; the schema's hash is " + actual
                            + " (cordon-maven-plugin writes it)",
                    null);
        }
        if (!recorded.equals(actual)) {
            throw new PluginArchiveException(
                    archive,
                    "its manifest records config_schema_hash " + recorded + " but its config schema hashes to " + actual
                            + "; the manifest was edited after it was generated: rebuild the archive",
                    null);
        }
    }

    /**
     * Unpacks a verified archive into {@code dir}, an existing folder (normally empty): each entry at its path
     * under it.
     *
     * @throws PluginArchiveException when an entry cannot be unpacked safely (the archive changed since it was
     *     verified)
     * @throws IOException when the folder cannot be written
     */
    public static void extract(PluginArchive verified, Path dir) throws IOException {
        Path archive = verified.file();
        long total = 0;
        try (ZipFile zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8)) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String unsafe = EntryNames.problem(entry.getName());
                if (unsafe != null) {
                    throw new PluginArchiveException(archive, "entry '" + entry.getName() + "' " + unsafe, null);
                }
                Path out = dir.resolve(EntryNames.withoutSlash(entry.getName())).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry);
                        OutputStream os = Files.newOutputStream(out)) {
                    total += copyBounded(archive, in, os, MAX_UNPACKED_BYTES - total);
                }
            }
        }
    }

    /** Copies at most {@code budget} bytes; an entry whose real size exceeds what its header said is refused. */
    private static long copyBounded(Path archive, InputStream in, OutputStream out, long budget) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            copied += n;
            if (copied > budget) {
                throw new PluginArchiveException(
                        archive, "it unpacks to more than " + MAX_UNPACKED_BYTES + " bytes", null);
            }
            out.write(buffer, 0, n);
        }
        return copied;
    }

    private static String digest(Path archive) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(archive), sha256())) {
            in.transferTo(OutputStream.nullOutputStream());
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(
                                    ((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchFileException e) {
            throw new PluginArchiveException(archive, "the file does not exist", e);
        } catch (IOException e) {
            throw new PluginArchiveException(archive, "it cannot be read: " + e, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
