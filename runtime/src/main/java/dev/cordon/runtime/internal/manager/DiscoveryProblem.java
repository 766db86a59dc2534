package dev.cordon.runtime.internal.manager;

import java.nio.file.Path;

/**
 * A manifest file that discovery skipped, and why.
 *
 * @param file the file
 * @param reason what is wrong with it (every problem with its JSON path), or which file won a name clash
 */
public record DiscoveryProblem(Path file, String reason) {

    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
