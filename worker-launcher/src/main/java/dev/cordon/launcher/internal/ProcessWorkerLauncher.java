package dev.cordon.launcher.internal;

import dev.cordon.api.error.PluginFatalError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginTimeoutError;
import dev.cordon.api.host.HostSettings;
import dev.cordon.api.model.PluginLoadSpec;
import dev.cordon.api.model.RuntimeKind;
import dev.cordon.api.spi.WorkerHandle;
import dev.cordon.api.spi.WorkerLauncher;
import dev.cordon.manifest.Manifest;
import dev.cordon.manifest.ManifestException;
import dev.cordon.manifest.Manifests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts workers as child processes: Cordon's own ({@code java} and {@code python} runtime kinds) and the original's
 * ({@code cjm}, which take no token, print no handshake and are ready once they answer {@code /health}). The settings are described
 * on {@link LauncherSettings}; as a DS component they come from the framework properties, so
 * {@code cordon.worker.lib} in the launcher's configuration names the Java worker's module path.
 *
 * <p>A launch: read the manifest, build the command line, build the environment (an allowlist of the host's
 * variables, unless the manifest's {@code inherit_env} or the host setting asks for all, then the manifest's
 * {@code env_vars}, then the caller's variables with resolved worker variables and secrets, then the plugin's data
 * and models folders ({@link PluginFolders}), then Cordon's own {@code CORDON_*}, never the bearer token), rotate the instance's log file, start the process through
 * {@code setsid} as the leader of a process group of its own ({@link ProcessGroups}, registered with the
 * {@link GroupReaper}) with its standard error appended to the log and its standard input a pipe held by the handle,
 * write the token as the first line on that pipe, and wait for the handshake line. On a timeout, an early
 * exit or a malformed line the process is killed and the error quotes the log's last lines.
 */
@Component(
        service = WorkerLauncher.class,
        configurationPid = LauncherConfiguration.PID,
        property = "service.ranking:Integer=0")
@Designate(ocd = LauncherConfiguration.class)
public final class ProcessWorkerLauncher implements WorkerLauncher, AutoCloseable {

    private static final Pattern HANDSHAKE = Pattern.compile("CORDON\\|1\\|(\\d{1,5})\\|(\\d+)");
    private static final int LOG_LINES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(ProcessWorkerLauncher.class);

    private final LauncherSettings settings;
    private final Optional<StartArchives> archives;
    private final SpareWorkers spares;
    private final GroupReaper reaper = new GroupReaper();

    /** A launcher with the given settings. */
    public ProcessWorkerLauncher(LauncherSettings settings) {
        this.settings = settings;
        this.archives = settings.cdsDir().map(StartArchives::new);
        this.spares = settings.spares() > 0
                ? new SpareWorkers(settings.spares(), Duration.ofMillis(settings.sparesCheckMillis()))
                : null;
    }

    /**
     * The DS constructor: settings from the {@link LauncherConfiguration}, each key falling back to the framework
     * property of its name (and that to the system property); spare worker logs a killed host left behind are
     * deleted first.
     */
    @Activate
    public ProcessWorkerLauncher(BundleContext context, Map<String, Object> configuration) {
        this(LauncherSettings.from(HostSettings.layered(configuration, context::getProperty)));
        LeftoverSpareLogs.delete(
                LeftoverSpareLogs.folder(context::getProperty),
                ProcessHandle.current().pid());
    }

    @Override
    public WorkerHandle launch(PluginLoadSpec spec, LaunchOptions options) {
        Manifest manifest = readManifest(spec.manifest());
        RuntimeKind kind = manifest.install().effectiveRuntime();
        if (spares == null || kind == RuntimeKind.CJM) {
            return start(
                    kind,
                    manifest,
                    spec.manifest(),
                    options.instanceId(),
                    options.environment(),
                    options.logFile(),
                    options.startTimeout());
        }
        Optional<Path> envDir =
                Optional.ofNullable(manifest.install().envDir()).map(d -> WorkerCommand.resolve(spec.manifest(), d));
        SpareWorkers.Key key = SpareWorkers.Key.of(spec.manifest(), envDir, options.environment());
        WorkerHandle handle = spares.take(key)
                .flatMap(spare -> assign(spare, options))
                .orElseGet(() -> start(
                        kind,
                        manifest,
                        spec.manifest(),
                        options.instanceId(),
                        options.environment(),
                        options.logFile(),
                        options.startTimeout()));
        if (key.matchable()) {
            Path dir = options.logFile().toAbsolutePath().getParent();
            String prefix = ".spare-" + manifest.code().name().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                    + ProcessHandle.current().pid() + "-";
            spares.refill(
                    key,
                    dir,
                    prefix,
                    log -> start(
                            kind, manifest, spec.manifest(), null, options.environment(), log, options.startTimeout()));
        }
        return handle;
    }

    /**
     * Hands a spare to an instance: the instance's previous log (if any) becomes {@code <log>.1} and the spare's
     * log, still open in the worker, is renamed to the instance's. None when the rename fails; the spare is
     * stopped then and the launch starts a worker as usual.
     */
    private Optional<WorkerHandle> assign(ProcessWorkerHandle spare, LaunchOptions options) {
        Path log = options.logFile().toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(spare.logFile(), log, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(
                    log,
                    "--- Taken by instance " + options.instanceId() + " at " + Instant.now() + " ---\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn(
                    "Cannot hand spare worker pid {} to instance {} ({}); starting one for it instead",
                    spare.pid(),
                    options.instanceId(),
                    e.toString());
            spare.kill();
            return Optional.empty();
        }
        LOG.info("Instance {} takes spare worker pid {}", options.instanceId(), spare.pid());
        return Optional.of(spare.assignedTo(options.instanceId(), log));
    }

    /**
     * A Java worker's command with its JVM's crash report ({@code hs_err_pid<pid>.log}) written beside the worker's
     * log rather than into the host's working folder. First among the options, so that a manifest's own
     * {@code -XX:ErrorFile} still wins.
     */
    static List<String> withCrashReportBeside(List<String> command, Path log) {
        Path folder = log.toAbsolutePath().getParent();
        if (folder == null) {
            return command;
        }
        List<String> with = new ArrayList<>(command.size() + 1);
        with.add(command.get(0));
        with.add("-XX:ErrorFile=" + folder.resolve("hs_err_pid%p.log"));
        with.addAll(command.subList(1, command.size()));
        return with;
    }

    /**
     * Starts one worker and waits for its handshake.
     *
     * @param instanceId the instance it serves, or {@code null} for a spare (which learns none)
     */
    private ProcessWorkerHandle start(
            RuntimeKind kind,
            Manifest manifest,
            Path manifestFile,
            String instanceId,
            Map<String, String> extraEnv,
            Path log,
            Duration startTimeout) {
        String label = instanceId != null ? instanceId : "a spare";
        int cjmPort = kind == RuntimeKind.CJM ? CjmReadiness.freePort() : 0;
        StartArchives.Plan plan =
                StartArchives.Plan.unchanged(WorkerCommand.of(settings, kind, manifest, manifestFile, cjmPort));
        Map<String, String> env = environment(manifest, extraEnv, instanceId, log);
        if (kind == RuntimeKind.JAVA && archives.isPresent()) {
            List<String> plain = plan.command();
            plan = archives.get()
                    .plan(
                            plain,
                            JavaRuntime.of(plain.get(0), System.getenv("PATH")),
                            settings.workerLib(),
                            Optional.of(WorkerCommand.resolve(
                                    manifestFile, manifest.install().envDir())),
                            manifest.code().name());
        }
        List<String> command = kind == RuntimeKind.JAVA ? withCrashReportBeside(plan.command(), log) : plan.command();
        Runnable onExit = plan.onExit();
        String token = newToken();
        try {
            LogFiles.prepare(
                    log, settings.maxLogBytes(), "Starting " + manifest.code().name() + " as " + label);
            LogFiles.append(log, plan.note());
        } catch (IOException e) {
            throw new PluginInputError(
                    "Cannot prepare the log file " + log + " of instance '" + label + "': " + e.getMessage()
                            + "; check the folder's permissions",
                    null,
                    e);
        }
        if (ProcessGroups.available()
                && ProcessGroups.executable(command.get(0), env.get("PATH")).isEmpty()) {
            // Through setsid a missing program would only show as exit status 127; say what is wrong instead.
            throw new PluginInputError(
                    "Cannot start the worker of '" + manifest.code().name() + "': "
                            + command.get(0) + " is not an executable file; check "
                            + interpreterSetting(kind, manifest, manifestFile),
                    null,
                    null);
        }
        ProcessBuilder builder = new ProcessBuilder(ProcessGroups.leading(command))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                // The original worker prints no handshake: its stdout is log output like its stderr.
                .redirectOutput(
                        kind == RuntimeKind.CJM
                                ? ProcessBuilder.Redirect.appendTo(log.toFile())
                                : ProcessBuilder.Redirect.PIPE)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().clear();
        builder.environment().putAll(env);
        WorkerProcess process;
        try {
            process = new WorkerProcess(builder.start(), ProcessGroups.available(), reaper);
            process.exit().thenRun(onExit);
        } catch (IOException e) {
            onExit.run();
            throw new PluginInputError(
                    "Cannot start the worker of '" + manifest.code().name() + "' with "
                            + command.get(0) + ": " + e.getMessage() + "; check "
                            + interpreterSetting(kind, manifest, manifestFile),
                    null,
                    e);
        }
        if (kind == RuntimeKind.CJM) {
            return CjmReadiness.await(
                    process,
                    cjmPort,
                    token,
                    instanceId,
                    startTimeout,
                    log,
                    manifest.code().name(),
                    stopGrace());
        }
        sendToken(process, token);
        // A worker recording a start-up archive writes it on its way out: give it the time to.
        Duration grace = plan.recording() && StartArchives.RECORDING_STOP_GRACE.compareTo(stopGrace()) > 0
                ? StartArchives.RECORDING_STOP_GRACE
                : stopGrace();
        return handshake(
                process, kind, token, label, startTimeout, log, manifest.code().name(), grace);
    }

    /** Where the worker's interpreter was named: the manifest, or the launcher's {@code cordon.worker.java}. */
    private String interpreterSetting(RuntimeKind kind, Manifest manifest, Path manifestFile) {
        if (kind == RuntimeKind.JAVA && manifest.install().javaPath() == null) {
            return settings.workerJava().isPresent()
                    ? "the setting cordon.worker.java"
                    : "the host's JVM (java.home), or name one with cordon.worker.java";
        }
        return "install." + (kind == RuntimeKind.JAVA ? "java_path" : "python_path") + " in " + manifestFile;
    }

    /**
     * The token as the first line on the worker's standard input: unlike the environment, a pipe the worker has read
     * leaves nothing for the plugin or its children to find. A worker that cannot take it exits, and the handshake
     * wait reports that with its log.
     */
    private static void sendToken(WorkerProcess process, String token) {
        try {
            process.process().getOutputStream().write((token + "\n").getBytes(StandardCharsets.US_ASCII));
            process.process().getOutputStream().flush();
        } catch (IOException e) {
            // The worker is already gone: the handshake wait sees its exit.
        }
    }

    private Duration stopGrace() {
        return Duration.ofMillis(settings.stopGraceMillis());
    }

    /**
     * Stops the spare workers (none are kept unless {@code cordon.worker.spares} asks for them) and the reaper, which
     * kills the groups of workers still running.
     */
    @Deactivate
    @Override
    public void close() {
        if (spares != null) {
            spares.close();
        }
        reaper.close();
    }

    /** The pid of the process that kills the workers' groups if this host dies; -1 before the first launch. */
    public long reaperPid() {
        return reaper.pid();
    }

    @Override
    public int stopSpares() {
        return spares == null ? 0 : spares.stopReady();
    }

    /** How many spare workers are ready now, over all plugins. */
    public int sparesReady() {
        return spares == null ? 0 : spares.readyCount();
    }

    private ProcessWorkerHandle handshake(
            WorkerProcess worker,
            RuntimeKind kind,
            String token,
            String instanceId,
            Duration startTimeout,
            Path log,
            String name,
            Duration grace) {
        Process process = worker.process();
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
                        String first = in.readLine();
                        line.complete(first);
                        in.close();
                    } catch (IOException e) {
                        line.complete(null);
                    }
                },
                "cordon-handshake-" + instanceId);
        reader.setDaemon(true);
        reader.start();
        String problem;
        try {
            String text = line.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Matcher m = text == null ? null : HANDSHAKE.matcher(text.strip());
            if (m != null && m.matches()) {
                URI url = URI.create("http://127.0.0.1:" + m.group(1));
                worker.serving();
                return new ProcessWorkerHandle(instanceId, kind, url, token, worker, log, grace);
            }
            problem = text == null
                    ? "exited before its handshake"
                    : "printed '" + text + "' instead of the handshake" + " line CORDON|1|<port>|<pid>";
        } catch (TimeoutException e) {
            problem = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "start was interrupted";
        } catch (ExecutionException e) {
            problem = "handshake unreadable: " + e.getCause();
        }
        ProcessWorkerHandle doomed = new ProcessWorkerHandle(instanceId, kind, null, token, worker, log, stopGrace());
        boolean exited = exitedSoon(process);
        doomed.kill();
        String tail = LogFiles.tail(log, LOG_LINES);
        if (problem == null) {
            // PluginTimeoutError's message is fixed; the log tail travels as a suppressed detail.
            PluginTimeoutError timeout = new PluginTimeoutError(instanceId, startTimeout.toMillis() / 1000.0, null);
            timeout.addSuppressed(new PluginFatalError("Worker of '" + name + "' sent no handshake within "
                    + startTimeout.toMillis() + " ms and was killed; last lines of " + log + ":\n" + tail));
            throw timeout;
        }
        throw new PluginFatalError(
                "Worker of '" + name + "' " + problem + (exited ? " (exit status " + process.exitValue() + ")" : "")
                        + " and was killed; last lines of " + log + ":\n" + tail);
    }

    private static Manifest readManifest(Path file) {
        try {
            return Manifests.read(file);
        } catch (IOException e) {
            throw new PluginInputError("Cannot read manifest " + file + ": " + e.getMessage(), null, e);
        } catch (ManifestException e) {
            throw new PluginInputError(e.getMessage(), null, e);
        }
    }

    /** The worker's environment; later layers win. A spare ({@code instanceId} null) gets no instance id. */
    Map<String, String> environment(Manifest manifest, Map<String, String> extraEnv, String instanceId, Path log) {
        Map<String, String> env = new LinkedHashMap<>();
        boolean inherit =
                settings.inheritEnv() || Boolean.TRUE.equals(manifest.install().inheritEnv());
        System.getenv().forEach((name, value) -> {
            if (inherit || allowed(name)) {
                env.put(name, value);
            }
        });
        env.putAll(manifest.install().envVars());
        env.putAll(extraEnv);
        // The data and models folders are Cordon's: they win over what a manifest or a caller sets.
        env.putAll(settings.pluginFolders()
                .variables(manifest.code().name(), manifest.install().effectiveRuntime()));
        // The token travels on stdin only; one inherited from a host that is itself a worker's child must not leak.
        env.remove("CORDON_WORKER_TOKEN");
        env.put("CORDON_LOG_FILE", log.toAbsolutePath().toString());
        if (instanceId != null) {
            env.put("CORDON_INSTANCE_ID", instanceId);
        }
        env.put("CORDON_TRACEBACK_POLICY", settings.tracebackPolicy().wire());
        env.put("CORDON_MAX_BODY_BYTES", Integer.toString(settings.maxBodyBytes()));
        return env;
    }

    private boolean allowed(String name) {
        for (String pattern : settings.envAllowlist()) {
            if (pattern.endsWith("*")
                    ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                    : name.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the worker exits within a moment: its stdout closed because it is exiting, so wait for the status. */
    private static boolean exitedSoon(Process process) {
        try {
            return process.waitFor(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** 192 random bits, base64url without padding. */
    static String newToken() {
        byte[] bytes = new byte[24];
        Tokens.RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Seeded at the first token, not when the launcher is made: a host that launches no worker skips it. */
    private static final class Tokens {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
