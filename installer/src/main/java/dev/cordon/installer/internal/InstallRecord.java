package dev.cordon.installer.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code cordon install} recorded in an environment folder ({@code .cordon-install.json}): which installer
 * installed it and the fingerprint of the request, so a repeated install is skipped and regenerating the manifest
 * knows whom to ask.
 *
 * @param installer the installer's kind
 * @param fingerprint the request's fingerprint
 * @param source the package source as installed
 */
public record InstallRecord(String installer, String fingerprint, String source) {

    /** The record's file name inside the environment folder. */
    public static final String FILE = ".cordon-install.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** The record of {@code envDir}; empty when there is none or it cannot be read (then the env is rebuilt). */
    public static Optional<InstallRecord> read(Path envDir) {
        Path file = envDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            InstallRecord rec = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), InstallRecord.class);
            return rec == null || rec.installer() == null ? Optional.empty() : Optional.of(rec);
        } catch (IOException | JsonParseException e) {
            return Optional.empty();
        }
    }

    /** Writes this record into {@code envDir}. */
    public void write(Path envDir) throws IOException {
        Folders.writeAtomically(envDir.resolve(FILE), GSON.toJson(this) + "\n");
    }
}
