package dev.cordon.cli;

import dev.cordon.boot.CordonHome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a plugin project for {@code cordon new KIND NAME}; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.cordon.cli.ProjectTemplate}). Cordon provides {@code python}; a template for
 * {@code java} is registered the same way.
 */
public interface ProjectTemplate {

    /** The kind this template writes: the word after {@code cordon new}. */
    String kind();

    /**
     * Writes the project {@code name} into {@code dir}, which does not exist yet.
     *
     * @param home the Cordon home, for paths the project refers to
     * @return the commands that build and install it, shown to the user
     */
    List<String> write(String name, Path dir, CordonHome home) throws IOException;
}
