package dev.cordon.boot.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
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

    /**
     * The configuration built in code and the shipped etc/logback.xml read by Logback give the same appenders, files,
     * rolling, levels, filter and the same bytes for the same event; and the launcher only builds it for that file.
     */
    @Test
    void theBuiltInConfigurationIsTheShippedFile() throws Exception {
        LoggerContext fromXml = new LoggerContext();
        fromXml.setMDCAdapter(new LogbackMDCAdapter());
        fromXml.putProperty("cordon.data", logs.toString());
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(fromXml);
        try (var xml = BuiltInLogging.class.getResourceAsStream(BuiltInLogging.RESOURCE)) {
            joran.doConfigure(xml);
        }
        LoggerContext builtIn = new LoggerContext();
        builtIn.setMDCAdapter(new LogbackMDCAdapter());
        BuiltInLogging.apply(builtIn, logs.toString());
        try {
            for (String name : new String[] {"ROOT", "io.netty", "com.zaxxer.hikari", "dev.cordon.x"}) {
                assertThat(builtIn.getLogger(name).getEffectiveLevel())
                        .as(name)
                        .isEqualTo(fromXml.getLogger(name).getEffectiveLevel());
            }
            Logger xmlRoot = fromXml.getLogger(Logger.ROOT_LOGGER_NAME);
            Logger codeRoot = builtIn.getLogger(Logger.ROOT_LOGGER_NAME);
            var xmlFile = (PrivateFileAppender) xmlRoot.getAppender("FILE");
            var codeFile = (PrivateFileAppender) codeRoot.getAppender("FILE");
            assertThat(codeFile.getFile()).isEqualTo(xmlFile.getFile());
            var xmlRolling = (FixedWindowRollingPolicy) xmlFile.getRollingPolicy();
            var codeRolling = (FixedWindowRollingPolicy) codeFile.getRollingPolicy();
            assertThat(codeRolling.getFileNamePattern()).isEqualTo(xmlRolling.getFileNamePattern());
            assertThat(codeRolling.getMinIndex()).isEqualTo(xmlRolling.getMinIndex());
            assertThat(codeRolling.getMaxIndex()).isEqualTo(xmlRolling.getMaxIndex());
            assertThat(((SizeBasedTriggeringPolicy<?>) codeFile.getTriggeringPolicy())
                            .getMaxFileSize()
                            .getSize())
                    .isEqualTo(((SizeBasedTriggeringPolicy<?>) xmlFile.getTriggeringPolicy())
                            .getMaxFileSize()
                            .getSize());
            var xmlConsole = (ConsoleAppender<ILoggingEvent>) xmlRoot.getAppender("CONSOLE");
            var codeConsole = (ConsoleAppender<ILoggingEvent>) codeRoot.getAppender("CONSOLE");
            assertThat(codeConsole.getTarget()).isEqualTo(xmlConsole.getTarget());
            for (Level level : new Level[] {Level.INFO, Level.WARN}) {
                LoggingEvent event = new LoggingEvent(
                        "x", fromXml.getLogger("dev.cordon.runtime.Thing"), level, "hello {}", null, new Object[] {1});
                event.setTimeStamp(1_700_000_000_123L);
                event.setThreadName("pipe-cordon:secret set db hunter2");
                assertThat(new String(codeFile.getEncoder().encode(event), StandardCharsets.UTF_8))
                        .isEqualTo(new String(xmlFile.getEncoder().encode(event), StandardCharsets.UTF_8))
                        .contains("[gogo-pipe]");
                assertThat(codeConsole.getCopyOfAttachedFiltersList().get(0).decide(event))
                        .isEqualTo(
                                xmlConsole.getCopyOfAttachedFiltersList().get(0).decide(event));
                assertThat(new String(codeConsole.getEncoder().encode(event), StandardCharsets.UTF_8))
                        .isEqualTo(new String(xmlConsole.getEncoder().encode(event), StandardCharsets.UTF_8));
            }
        } finally {
            builtIn.stop();
            fromXml.stop();
        }

        Path shipped = logs.resolve("logback.xml");
        try (var xml = BuiltInLogging.class.getResourceAsStream(BuiltInLogging.RESOURCE)) {
            Files.write(shipped, xml.readAllBytes());
        }
        assertThat(BuiltInLogging.isShipped(shipped)).isTrue();
        Files.writeString(shipped, Files.readString(shipped).replace("level=\"INFO\"", "level=\"DEBUG\""));
        assertThat(BuiltInLogging.isShipped(shipped)).isFalse();
        assertThat(BuiltInLogging.isShipped(logs.resolve("absent.xml"))).isFalse();
    }
}
