package dev.cordon.manifest;

import dev.cordon.api.model.PluginMeta;
import dev.cordon.manifest.internal.ManifestReader;
import dev.cordon.manifest.internal.ManifestRules;
import dev.cordon.manifest.internal.ManifestWriter;
import dev.cordon.manifest.internal.Problems;
import dev.cordon.protocol.json.JsonInputException;
import dev.cordon.protocol.json.PlainJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads, writes and validates plugin manifests.
 *
 * <p>Reading: {@code "format_version": "2.0"} is the nested layout; no {@code format_version} is the legacy flat
 * 1.0 layout; any other value is refused. Unknown keys are ignored, as the original does. Writing always produces
 * the original's v2.0 layout: sections and keys in its order, 2-space indent, {@code ensure_ascii} escapes, floats as
 * Python prints them, and a final newline; so a manifest written by the original (or by Cordon) reads and re-writes
 * byte-identically. Stateless and thread-safe.
 */
public final class Manifests {

    private Manifests() {}

    /**
     * Reads a manifest.
     *
     * @param source the file or origin named in errors
     * @throws ManifestException listing every structural problem (bad JSON, wrong types, unsupported version)
     *     with its JSON path
     */
    @SuppressWarnings("unchecked")
    public static Manifest read(String json, String source) {
        Object root;
        try {
            root = PlainJson.parse(json);
        } catch (JsonInputException e) {
            throw new ManifestException(source, List.of(new ManifestProblem(e.path(), e.getMessage())));
        }
        Problems problems = new Problems();
        if (!(root instanceof Map)) {
            problems.add("$", "a manifest must be a JSON object, got " + Problems.typeOf(root));
            throw new ManifestException(source, problems.list());
        }
        Map<String, Object> map = (Map<String, Object>) root;
        ManifestReader reader = new ManifestReader(problems);
        Manifest manifest = null;
        if (!map.containsKey("format_version")) {
            manifest = reader.readV1(map);
        } else if (Manifest.CURRENT_VERSION.equals(map.get("format_version"))) {
            manifest = reader.readV2(map);
        } else {
            problems.add(
                    "$.format_version",
                    "unsupported format_version " + PlainJson.compact(map.get("format_version"))
                            + ": Cordon reads \"2.0\", or the flat 1.0 layout without format_version");
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(source, problems.list());
        }
        return manifest;
    }

    /**
     * Reads a manifest file.
     *
     * @throws IOException if the file cannot be read
     * @throws ManifestException listing every structural problem
     */
    public static Manifest read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > PlainJson.MAX_CHARS) {
            throw new ManifestException(
                    file.toString(),
                    List.of(new ManifestProblem(
                            "$", "file of " + size + " bytes exceeds the limit of " + PlainJson.MAX_CHARS)));
        }
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Reads and validates a manifest; {@link ManifestException} lists every problem of either kind. */
    public static Manifest readValid(String json, String source) {
        Manifest manifest = read(json, source);
        List<ManifestProblem> problems = validate(manifest);
        if (!problems.isEmpty()) {
            throw new ManifestException(source, problems);
        }
        return manifest;
    }

    /**
     * Every rule the manifest breaks, with JSON paths (as in the layout it was read from): required
     * {@code code.name, version, description, module (not for java), class, interface}; {@code interface} a dotted
     * path; a taxonomy with all three fields and {@code interface_fqcn == interface}; the runtime's requirements
     * (see {@link ManifestInstall}); worker variable names valid and unique; a well-formed schema hash.
     */
    public static List<ManifestProblem> validate(Manifest manifest) {
        Problems problems = new Problems();
        ManifestRules.check(manifest, problems);
        return problems.list();
    }

    /** Every problem of a manifest text, structural or semantic; empty when it is valid. Never throws. */
    public static List<ManifestProblem> check(String json) {
        try {
            return validate(read(json, "manifest"));
        } catch (ManifestException e) {
            return e.problems();
        }
    }

    /**
     * The discovered-plugin view of a manifest, as the host lists it: no drift seen yet, and a category label made
     * from the taxonomy's domain the way the original does ({@code speech_to_text} → {@code Speech To Text}),
     * empty without a taxonomy.
     */
    public static PluginMeta toMeta(Manifest manifest) {
        ManifestCode code = manifest.code();
        String category = code.taxonomy() == null
                ? ""
                : titleCase(code.taxonomy().domain().replace('_', ' '));
        return new PluginMeta(
                code.name(),
                code.version(),
                code.description(),
                category,
                code.interfaceName(),
                manifest.install().effectiveRuntime(),
                Optional.ofNullable(code.taxonomy()),
                code.resources(),
                code.configSchema(),
                false,
                Optional.empty());
    }

    /** Python's {@code str.title()}: a letter after a non-letter is upper case, every other letter lower case. */
    static String titleCase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean previousLetter = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(previousLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousLetter = Character.isLetter(c);
        }
        return out.toString();
    }

    /**
     * The {@code code} section alone as a plain JSON map, in the manifest's key order, as {@link #write} writes it
     * (what a worker's {@code --introspect} prints).
     */
    public static Map<String, Object> codeSection(ManifestCode code) {
        return ManifestWriter.codeSection(code);
    }

    /** The manifest as v2.0 text, ending with a newline. */
    public static String write(Manifest manifest) {
        return PlainJson.pretty(ManifestWriter.tree(manifest)) + "\n";
    }

    /** Writes the manifest file atomically (a sibling temporary file moved into place). */
    public static void write(Manifest manifest, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, write(manifest), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
