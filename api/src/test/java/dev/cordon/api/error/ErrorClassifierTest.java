package dev.cordon.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

    @Test
    void plainJavaExceptionsFollowTheDocumentedTable() {
        assertThat(ErrorClassifier.classify(new IllegalArgumentException())).isEqualTo(ErrorCategory.USER_INPUT);
        assertThat(ErrorClassifier.classify(new NumberFormatException())).isEqualTo(ErrorCategory.USER_INPUT);
        assertThat(ErrorClassifier.classify(new NoSuchFileException("f"))).isEqualTo(ErrorCategory.USER_INPUT);
        assertThat(ErrorClassifier.classify(new FileNotFoundException())).isEqualTo(ErrorCategory.USER_INPUT);
        assertThat(ErrorClassifier.classify(new AccessDeniedException("f"))).isEqualTo(ErrorCategory.USER_INPUT);
        assertThat(ErrorClassifier.classify(new NoSuchElementException())).isEqualTo(ErrorCategory.USER_INPUT);
        assertThat(ErrorClassifier.classify(new ClassCastException())).isEqualTo(ErrorCategory.USER_INPUT);
        assertThat(ErrorClassifier.classify(new IOException())).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(ErrorClassifier.classify(new SocketTimeoutException())).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(ErrorClassifier.classify(new ConnectException())).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(ErrorClassifier.classify(new TimeoutException())).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(ErrorClassifier.classify(new InterruptedException())).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(ErrorClassifier.classify(new UncheckedIOException(new IOException())))
                .isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(ErrorClassifier.classify(new OutOfMemoryError())).isEqualTo(ErrorCategory.RESOURCE);
        assertThat(ErrorClassifier.classify(new NullPointerException())).isEqualTo(ErrorCategory.FATAL);
        assertThat(ErrorClassifier.classify(new IllegalStateException())).isEqualTo(ErrorCategory.FATAL);
        assertThat(ErrorClassifier.classify(new StackOverflowError())).isEqualTo(ErrorCategory.FATAL);
    }

    @Test
    void subclassesOfMappedExceptionsInheritTheirCategory() {
        class MissingModel extends NoSuchFileException {
            MissingModel() {
                super("model.bin");
            }
        }
        assertThat(ErrorClassifier.classify(new MissingModel())).isEqualTo(ErrorCategory.USER_INPUT);
    }

    @Test
    void pluginErrorsReportTheirOwnCategoryAndRetriableFlag() {
        assertThat(new PluginInputError("x").category()).isEqualTo(ErrorCategory.USER_INPUT);
        assertThat(new PluginInputError("x").retriable())
                .as("the same input fails the same way")
                .isFalse();
        assertThat(ErrorClassifier.toJobError(
                                new PluginInputError("bad"), "echo", "echo", TracebackPolicy.NONE, Instant.now())
                        .retriable())
                .isFalse();
        assertThat(new PluginTransientError("x").retriable()).isTrue();
        assertThat(new PluginResourceError("x").retriable()).isTrue();
        assertThat(new PluginFatalError("x").retriable()).isFalse();
        assertThat(new PluginDisabledError("echo"))
                .hasMessage("Plugin 'echo' is disabled")
                .isInstanceOf(PluginInputError.class);
        assertThat(new PluginNotLoadedError("echo"))
                .hasMessage("Plugin 'echo' is not loaded")
                .isInstanceOf(PluginFatalError.class);
        PluginCancelledError cancelled = new PluginCancelledError("echo");
        assertThat(cancelled).hasMessage("Plugin 'echo' cancelled by operator");
        assertThat(cancelled.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(cancelled.retriable()).isFalse();
        assertThat(ErrorClassifier.retriable(cancelled)).isFalse();
        WorkerOOMError oom = new WorkerOOMError("echo", -9, null);
        assertThat(oom.category()).isEqualTo(ErrorCategory.RESOURCE);
        assertThat(oom.resourceShortfall()).isNull();
        assertThat(new PluginTimeoutError("echo", 2.5, 1.0).retryAfterSeconds()).isEqualTo(1.0);
    }

    @Test
    void jobErrorCarriesStructuredDataUnderEachPolicy() {
        Instant at = Instant.parse("2026-11-22T04:50:36.992452Z");
        PluginTransientError failure = new PluginTransientError("try later", 2.5, null);
        JobError full = ErrorClassifier.toJobError(failure, "echo", "echo-1", TracebackPolicy.FULL, at);
        assertThat(full.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(full.message()).isEqualTo("try later");
        assertThat(full.retriable()).isTrue();
        assertThat(full.retryAfterSeconds()).isEqualTo(2.5);
        assertThat(full.traceback()).contains("PluginTransientError").contains("at dev.cordon");
        assertThat(full.originalExcRepr()).isEqualTo("dev.cordon.api.error.PluginTransientError: try later");
        JobError repr = ErrorClassifier.toJobError(failure, null, null, TracebackPolicy.REPR_ONLY, at);
        assertThat(repr.traceback()).isNull();
        assertThat(repr.originalExcRepr()).isNotNull();
        JobError none = ErrorClassifier.toJobError(failure, null, null, TracebackPolicy.NONE, at);
        assertThat(none.message()).isEmpty();
        assertThat(none.originalExcRepr()).isNull();
        JobError input = ErrorClassifier.toJobError(
                new PluginInputError("bad", List.of("x"), null), null, null, TracebackPolicy.FULL, at);
        assertThat(input.fieldsInvalid()).containsExactly("x");
        ResourceShortfall shortfall = new ResourceShortfall(ResourceShortfall.GPU_VRAM_MB, 8000, 2000);
        assertThat(ErrorClassifier.toJobError(
                                new PluginResourceError("oom", shortfall, null), null, null, TracebackPolicy.FULL, at)
                        .resourceShortfall())
                .isEqualTo(shortfall);
    }

    @Test
    void wireSpellingsReadBack() {
        for (ErrorCategory c : ErrorCategory.values()) {
            assertThat(ErrorCategory.fromWire(c.wire())).isEqualTo(c);
        }
        assertThat(ErrorCategory.USER_INPUT.wire()).isEqualTo("user_input");
        assertThat(TracebackPolicy.fromWire("repr_only")).isEqualTo(TracebackPolicy.REPR_ONLY);
    }
}
