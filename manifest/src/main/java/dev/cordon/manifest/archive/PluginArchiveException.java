package dev.cordon.manifest.archive;

import dev.cordon.api.error.PluginInputError;
import java.nio.file.Path;

/** A plugin archive that cannot be used: not a zip, an unsafe entry, no or an invalid manifest, a wrong hash. */
public final class PluginArchiveException extends PluginInputError {

    private static final long serialVersionUID = 1L;

    private final String archive;
    private final String reason;

    /**
     * @param archive the archive file
     * @param reason what is wrong with it and what to do, without the file name
     * @param cause the underlying exception, or {@code null}
     */
    public PluginArchiveException(Path archive, String reason, Throwable cause) {
        super("Plugin archive " + archive + " refused: " + reason, null, cause);
        this.archive = archive.toString();
        this.reason = reason;
    }

    /** The archive file, as given. */
    public String archive() {
        return archive;
    }

    /** What is wrong with the archive, without its name. */
    public String reason() {
        return reason;
    }
}
