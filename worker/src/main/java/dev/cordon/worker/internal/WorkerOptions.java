package dev.cordon.worker.internal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The worker's command line.
 *
 * @param envDir the plugin's environment folder of jars
 * @param className the plugin class to run, or empty for the single {@code Plugin} provider found
 * @param moduleName the plugin's module, or empty
 * @param introspect whether to print the manifest {@code code} section and exit
 * @param maxBodyBytes the largest request body accepted
 */
public record WorkerOptions(
        Path envDir, Optional<String> className, Optional<String> moduleName, boolean introspect, int maxBodyBytes) {

    /** The usage text printed on a bad command line. */
    public static final String USAGE = """
            usage: java ... -m dev.cordon.worker/dev.cordon.worker.Main --env-dir DIR [--class FQCN] [--module NAME]
                            [--max-body-bytes N] [--introspect]
              --env-dir DIR         the plugin's jars; they become a module layer above the worker's
              --class FQCN          the plugin class (default: the only dev.cordon.api.plugin.Plugin provider)
              --module NAME         the plugin's module (narrows the provider search)
              --max-body-bytes N    largest request body accepted, else 413 (default 67108864;
                                    env CORDON_MAX_BODY_BYTES)
              --introspect          print the manifest "code" section as JSON and exit
            Standard input: the bearer token as the first line (required unless --introspect), then held open by the
            host; end-of-file means the host is gone.
            Environment: CORDON_LOG_FILE, CORDON_INSTANCE_ID, CORDON_TRACEBACK_POLICY (full | repr_only | none).
            Exit status: 0 stopped by SIGTERM, 2 usage, 3 plugin failed to load, 4 host gone.""";

    /** The default body limit, 64 MiB, as in the Python worker. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

    /**
     * Parses the arguments; {@code --name=value} and {@code --name value} are both accepted.
     *
     * @throws IllegalArgumentException saying which argument is wrong
     */
    public static WorkerOptions parse(String[] args) {
        Path envDir = null;
        String className = null;
        String moduleName = null;
        boolean introspect = false;
        Integer maxBody = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String key = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                key = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (key.equals("--introspect")) {
                introspect = true;
                continue;
            }
            if (!key.equals("--env-dir")
                    && !key.equals("--class")
                    && !key.equals("--module")
                    && !key.equals("--max-body-bytes")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            if (value == null) {
                if (++i >= args.length) {
                    throw new IllegalArgumentException(key + " needs a value");
                }
                value = args[i];
            }
            switch (key) {
                case "--env-dir" -> envDir = Path.of(value);
                case "--class" -> className = value;
                case "--module" -> moduleName = value;
                default -> maxBody = integer(key, value);
            }
        }
        if (envDir == null) {
            throw new IllegalArgumentException("--env-dir is required");
        }
        if (maxBody == null) {
            String env = System.getenv("CORDON_MAX_BODY_BYTES");
            maxBody = env == null || env.isEmpty() ? DEFAULT_MAX_BODY_BYTES : integer("CORDON_MAX_BODY_BYTES", env);
        }
        return new WorkerOptions(
                envDir, Optional.ofNullable(className), Optional.ofNullable(moduleName), introspect, maxBody);
    }

    private static int integer(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a positive integer, got '" + value + "'");
        }
    }
}
