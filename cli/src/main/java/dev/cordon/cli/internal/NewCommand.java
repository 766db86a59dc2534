package dev.cordon.cli.internal;

import dev.cordon.cli.ProjectTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cordon new KIND NAME}: a plugin project to start from. */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = "Writes a plugin project NAME (a folder of that name in the current folder, or --dir) to start"
                + " from: python (a package with a plugin class, its config dataclass and a test) or java.")
final class NewCommand implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    @ParentCommand
    CordonCommand root;

    @Parameters(index = "0", paramLabel = "KIND", description = "python or java.")
    String kind;

    @Parameters(index = "1", paramLabel = "NAME", description = "The plugin's name: lower case, digits and '-'.")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write it (default: ./NAME).")
    Path dir;

    @Override
    public Integer call() {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' cannot be a plugin project name: use lower-case"
                    + " letters, digits and '-', starting with a letter");
        }
        List<ProjectTemplate> templates = templates();
        ProjectTemplate template = templates.stream()
                .filter(t -> t.kind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new UsageException("no project template '" + kind + "'; known: "
                        + templates.stream().map(ProjectTemplate::kind).sorted().toList()));
        Path target = (dir != null ? dir : Path.of(name)).toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " exists already; choose another NAME or --dir");
        }
        try {
            List<String> next = template.write(name, target, root.context.home());
            root.context.out().println("wrote " + kind + " plugin project " + target);
            root.context.out().println("next:");
            next.forEach(line -> root.context.out().println("  " + line));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    private static List<ProjectTemplate> templates() {
        List<ProjectTemplate> found = new ArrayList<>();
        ServiceLoader.load(ProjectTemplate.class, NewCommand.class.getClassLoader())
                .forEach(found::add);
        return found;
    }
}
