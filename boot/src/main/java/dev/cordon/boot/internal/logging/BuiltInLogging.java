package dev.cordon.boot.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The shipped {@code etc/logback.xml}, built in code: when the launcher finds that file unchanged it sets
 * {@value #PROPERTY}, and Logback (which asks its service-loaded configurators first) gets this configuration
 * without reading XML — parsing it costs a fifth of a short command's start. An edited {@code etc/logback.xml} is read
 * by Logback as usual; without the property (an application embedding Cordon) this configurator does nothing.
 * {@code LoggingTest} holds the two to the same result.
 */
public final class BuiltInLogging extends ContextAwareBase implements Configurator {

    /** The system property that asks for this configuration. */
    public static final String PROPERTY = "cordon.logging.builtin";

    /** The shipped configuration, the distribution's {@code etc/logback.xml}. */
    static final String RESOURCE = "logback.xml";

    static final String FILE_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%cordonThread] %logger{36} - %msg%n";
    static final String CONSOLE_PATTERN = "%-5level %logger{0} - %msg%n";

    /** Whether {@code file} is the shipped configuration, byte for byte. */
    public static boolean isShipped(Path file) {
        try (InputStream shipped = BuiltInLogging.class.getResourceAsStream(RESOURCE)) {
            return shipped != null && Arrays.equals(shipped.readAllBytes(), Files.readAllBytes(file));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, System.getProperty("cordon.data", "data"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Configures {@code context} as the shipped file does, with {@code data} for {@code ${cordon.data}}. */
    static void apply(LoggerContext context, String data) {
        registerThreadConverter(context);

        PrivateFileAppender file = new PrivateFileAppender();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(data + "/logs/cordon.log");
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(data + "/logs/cordon.%i.log");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(5);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.setEncoder(encoder(context, FILE_PATTERN));
        file.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        ThresholdFilter warnings = new ThresholdFilter();
        warnings.setContext(context);
        warnings.setLevel("WARN");
        warnings.start();
        console.addFilter(warnings);
        console.setEncoder(encoder(context, CONSOLE_PATTERN));
        console.start();

        context.getLogger("io.netty").setLevel(Level.INFO);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.INFO);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(file);
        root.addAppender(console);
    }

    /** {@code <conversionRule conversionWord="cordonThread" …/>}, as Logback's own handler registers it. */
    @SuppressWarnings("unchecked")
    private static void registerThreadConverter(LoggerContext context) {
        Map<String, Supplier<DynamicConverter<?>>> rules = (Map<String, Supplier<DynamicConverter<?>>>)
                context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        rules.put("cordonThread", ThreadConverter::new);
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
