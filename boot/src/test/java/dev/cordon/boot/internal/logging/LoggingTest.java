package dev.cordon.boot.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appender and converter wired as etc/logback.xml does, on a real Logback context writing real files. */
class LoggingTest {

    private static final String CONFIG = """
            <configuration>
              <conversionRule conversionWord="cordonThread" class="dev.cordon.boot.internal.logging.ThreadConverter"/>
              <appender name="FILE" class="dev.cordon.boot.internal.logging.PrivateFileAppender">
                <file>${logs}/cordon.log</file>
                <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
                  <fileNamePattern>${logs}/cordon.%i.log</fileNamePattern>
                  <minIndex>1</minIndex>
                  <maxIndex>2</maxIndex>
                </rollingPolicy>
                <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
                  <maxFileSize>10MB</maxFileSize>
                </triggeringPolicy>
                <encoder><pattern>[%cordonThread] %msg%n</pattern></encoder>
              </appender>
              <root level="INFO"><appender-ref ref="FILE"/></root>
            </configuration>
            """;

    @TempDir
    Path logs;

    @Test
    void logFilesAreOwnerOnlyAndCommandLinesInThreadNamesNeverReachThem() throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("logs", logs.toString());
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(CONFIG.getBytes(StandardCharsets.UTF_8)));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        PrivateFileAppender appender = (PrivateFileAppender) root.getAppender("FILE");
        try {
            Thread pipe = new Thread(() -> root.info("before the roll"), "pipe-cordon:secret set db hunter2");
            pipe.start();
            pipe.join(10_000);
            appender.rollover();
            Thread again = new Thread(() -> root.info("after the roll"), "pipe-cordon:secret set db hunter2");
            again.start();
            again.join(10_000);
            root.info("from the test thread");
        } finally {
            context.stop();
        }

        assertThat(Files.readString(logs.resolve("cordon.1.log"))).isEqualTo("[gogo-pipe] before the roll\n");
        assertThat(Files.readString(logs.resolve("cordon.log")))
                .isEqualTo("[gogo-pipe] after the roll\n["
                        + Thread.currentThread().getName() + "] from the test thread\n");
        for (String name : new String[] {"cordon.log", "cordon.1.log"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs.resolve(name))))
                    .as(name)
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void anExistingLogFileIsMadeOwnerOnly() throws Exception {
        Path file = Files.writeString(logs.resolve("old.log"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateFileAppender.makePrivate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void onlyGogoStatementThreadsAreRenamed() {
        assertThat(ThreadConverter.safe("cordon-spare-workers")).isEqualTo("cordon-spare-workers");
        assertThat(ThreadConverter.safe("pipe-echo secret")).isEqualTo("gogo-pipe");
    }
}
