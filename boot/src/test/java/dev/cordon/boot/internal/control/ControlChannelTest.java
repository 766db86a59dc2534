package dev.cordon.boot.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket end to end, with a session that echoes instead of Gogo (GogoCommands is tested in itests). */
class ControlChannelTest {

    @TempDir
    Path data;

    /** Prints each line back, "fail" on stderr with status 1; counts how many lines it saw per session. */
    private static final class EchoSessions implements CommandSessions {
        @Override
        public Session open(java.io.InputStream in, OutputStream out, OutputStream err) {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            AtomicInteger seen = new AtomicInteger();
            return new Session() {
                @Override
                public int run(List<String> lines, Duration wait) {
                    for (String line : lines) {
                        if (line.equals("fail")) {
                            e.println("cordon: failed as asked");
                            return 1;
                        }
                        o.println(seen.incrementAndGet() + " " + line + " (wait " + wait.toMillis() + ")");
                    }
                    return 0;
                }

                @Override
                public void close() {
                    // nothing held
                }
            };
        }
    }

    @Test
    void anAttachedClientGetsOutputErrorsAndStatusInOneSession() throws Exception {
        try (ControlServer server = ControlServer.start(data, new EchoSessions());
                ControlClient client = ControlClient.connect(data).orElseThrow()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            assertThat(client.run(List.of("a", "héllo 😀"), Duration.ofSeconds(2), out, err))
                    .isZero();
            assertThat(client.run(List.of("b", "fail", "never"), Duration.ofSeconds(2), out, err))
                    .isEqualTo(1);

            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo("1 a (wait 2000)\n2 héllo 😀 (wait 2000)\n3 b (wait 2000)\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("cordon: failed as asked\n");
        }
    }

    @Test
    void theSocketIsOwnerOnlyAndRemovedAtClose() throws Exception {
        Path socket;
        try (ControlServer server = ControlServer.start(data, new EchoSessions())) {
            socket = server.socket();
            assertThat(socket).isEqualTo(data.resolve(ControlServer.SOCKET));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rw-------");
        }
        assertThat(socket).doesNotExist();
        assertThat(ControlClient.connect(data)).isEmpty();
    }

    @Test
    void aSocketFileLeftByAKilledRuntimeIsNoRuntimeAndIsReplaced() throws Exception {
        // A killed runtime leaves its socket file behind with nobody listening on it.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(data.resolve(ControlServer.SOCKET)));
        }
        assertThat(data.resolve(ControlServer.SOCKET)).exists();

        assertThat(ControlClient.connect(data)).isEmpty();

        try (ControlServer server = ControlServer.start(data, new EchoSessions());
                ControlClient client = ControlClient.connect(data).orElseThrow()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(client.run(List.of("x"), Duration.ZERO, out, new ByteArrayOutputStream()))
                    .isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1 x (wait 0)\n");
        }
    }
}
