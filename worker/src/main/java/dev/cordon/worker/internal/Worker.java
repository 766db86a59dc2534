package dev.cordon.worker.internal;

import dev.cordon.api.error.TracebackPolicy;
import dev.cordon.protocol.json.PlainJson;
import dev.cordon.worker.internal.logging.NettyLogging;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The worker's start-up: command line, log, host watch, plugin, server, handshake, shutdown hook. The handshake
 * line {@code CORDON|1|<port>|<pid>} is the only thing ever written to the original standard output.
 */
public final class Worker {

    /** {@link #run} returns this while the server runs on its own threads. */
    public static final int SERVING = -1;
    /** The protocol version in the handshake line. */
    public static final int PROTOCOL_VERSION = 1;

    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;
    static final int EXIT_PLUGIN_LOAD_FAILED = 3;

    private Worker() {}

    /** Starts the worker; returns an exit status, or {@link #SERVING} once it serves. */
    public static int run(String[] args) {
        // Small Netty footprint: one arena each; the worker serves a handful of connections.
        System.setProperty("io.netty.allocator.numDirectArenas", "1");
        System.setProperty("io.netty.allocator.numHeapArenas", "1");
        // Netty's allocator events for Flight Recorder load jdk.jfr and classes no start-up archive can hold.
        System.setProperty("io.netty.jfr.enabled", "false");
        // The worker's buffers are released by its own few handlers; sampling allocations for leaks took a stack
        // trace every 128 buffers, about 1 % of a call's CPU. A level set on the command line still wins.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        // Channel ids need no MAC address here; finding one walks every network interface at start-up.
        long pid = ProcessHandle.current().pid();
        System.setProperty(
                "io.netty.machineId",
                String.format(
                        "%02x:%02x:%02x:%02x:%02x:%02x:%02x:%02x",
                        pid >>> 56 & 0xff,
                        pid >>> 48 & 0xff,
                        pid >>> 40 & 0xff,
                        pid >>> 32 & 0xff,
                        pid >>> 24 & 0xff,
                        pid >>> 16 & 0xff,
                        pid >>> 8 & 0xff,
                        pid & 0xff));
        NettyLogging.install();
        OutputStream handshake = new FileOutputStream(FileDescriptor.out);
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(WorkerOptions.USAGE);
            return EXIT_OK;
        }
        WorkerOptions options;
        try {
            options = WorkerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cordon worker: " + e.getMessage() + "\n" + WorkerOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.introspect()) {
            return introspect(options, handshake);
        }
        try {
            WorkerLog.install();
        } catch (IOException e) {
            System.err.println("cordon worker: cannot open the log file: " + e);
            return EXIT_USAGE;
        }
        String token = HostWatch.readToken();
        if (token.isEmpty()) {
            WorkerLog.error(
                    "no bearer token on standard input; protocol v1 requires the launcher to write it as the"
                            + " first line there",
                    null);
            return EXIT_USAGE;
        }
        TracebackPolicy policy;
        try {
            String text = System.getenv("CORDON_TRACEBACK_POLICY");
            policy = text == null || text.isEmpty() ? TracebackPolicy.FULL : TracebackPolicy.fromWire(text);
        } catch (IllegalArgumentException e) {
            WorkerLog.error("CORDON_TRACEBACK_POLICY: " + e.getMessage(), null);
            return EXIT_USAGE;
        }
        long requestDeadline;
        try {
            String text = System.getenv("CORDON_HEAD_TIMEOUT_MS");
            requestDeadline =
                    text == null || text.isEmpty() ? WorkerServer.REQUEST_DEADLINE_MILLIS : Long.parseLong(text.trim());
            if (requestDeadline <= 0) {
                throw new NumberFormatException("must be positive, got " + text);
            }
        } catch (NumberFormatException e) {
            WorkerLog.error(
                    "CORDON_HEAD_TIMEOUT_MS must be a positive number of milliseconds: " + e.getMessage(), null);
            return EXIT_USAGE;
        }
        HostWatch.start();
        PluginLoader.Loaded loaded;
        try {
            loaded = PluginLoader.load(options);
        } catch (RuntimeException | LinkageError e) {
            WorkerLog.error("FATAL: failed to load the plugin from " + options.envDir() + ": " + e.getMessage(), e);
            return EXIT_PLUGIN_LOAD_FAILED;
        }
        PluginRunner host = new PluginRunner(loaded.plugin());
        WorkerServer server;
        try {
            server = new WorkerServer(
                    host, token, options.maxBodyBytes(), policy, System.getenv("CORDON_INSTANCE_ID"), requestDeadline);
        } catch (InterruptedException | RuntimeException e) {
            WorkerLog.error("cannot bind 127.0.0.1:0", e);
            return EXIT_USAGE;
        }
        Shutdown stop = new Shutdown(host, server);
        HostWatch.stopWith(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.run(EXIT_OK), "cordon-shutdown"));
        try {
            handshake.write(("CORDON|" + PROTOCOL_VERSION + "|" + server.port() + "|" + pid + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            handshake.flush();
        } catch (IOException e) {
            WorkerLog.error("cannot write the handshake line to standard output", e);
            return EXIT_USAGE;
        }
        WorkerLog.info(
                "plugin '" + host.name() + "' (" + loaded.plugin().getClass().getName() + ", " + loaded.how()
                        + ") serving on 127.0.0.1:" + server.port() + " (protocol " + PROTOCOL_VERSION + ")");
        return SERVING;
    }

    private static int introspect(WorkerOptions options, OutputStream out) {
        try {
            PluginLoader.Loaded loaded = PluginLoader.load(options);
            out.write((PlainJson.pretty(Introspection.codeSection(loaded.plugin())) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            return EXIT_OK;
        } catch (RuntimeException | LinkageError | IOException e) {
            System.err.println("cordon worker: introspection failed: " + e);
            return EXIT_PLUGIN_LOAD_FAILED;
        }
    }
}
