package dev.cordon.api.error;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Classifies any throwable into an {@link ErrorCategory} and turns it into a {@link JobError}.
 *
 * <p>A {@link PluginError} reports its own category. Any other throwable is classified by walking its class
 * hierarchy from the most specific class upward; the first class found in this table wins, and a throwable
 * matching nothing is {@code fatal}:
 *
 * <table>
 *   <caption>Plain Java exceptions and their categories</caption>
 *   <tr><th>class (and its subclasses)</th><th>category</th></tr>
 *   <tr><td>IllegalArgumentException (incl. NumberFormatException), NoSuchFileException, FileNotFoundException,
 *       AccessDeniedException, NotDirectoryException, NoSuchElementException, ClassCastException</td>
 *       <td>user_input</td></tr>
 *   <tr><td>ConnectException, TimeoutException, InterruptedException, UncheckedIOException, IOException</td>
 *       <td>transient</td></tr>
 *   <tr><td>OutOfMemoryError</td><td>resource</td></tr>
 *   <tr><td>anything else (NullPointerException, IllegalStateException, …)</td><td>fatal</td></tr>
 * </table>
 *
 * <p>The file-system exceptions are listed apart from IOException because they extend it: a missing file is the
 * caller's to fix, a failing socket is not. NullPointerException is left {@code fatal}: in Java it signals a bug in
 * the code that threw it, not a bad value from the caller.
 */
public final class ErrorClassifier {

    private static final Map<Class<?>, ErrorCategory> TABLE = table();

    private ErrorClassifier() {}

    private static Map<Class<?>, ErrorCategory> table() {
        Map<Class<?>, ErrorCategory> t = new LinkedHashMap<>();
        for (Class<?> c : new Class<?>[] {
            IllegalArgumentException.class,
            NoSuchFileException.class,
            FileNotFoundException.class,
            AccessDeniedException.class,
            NotDirectoryException.class,
            NoSuchElementException.class,
            ClassCastException.class
        }) {
            t.put(c, ErrorCategory.USER_INPUT);
        }
        for (Class<?> c : new Class<?>[] {
            ConnectException.class,
            TimeoutException.class,
            InterruptedException.class,
            UncheckedIOException.class,
            IOException.class
        }) {
            t.put(c, ErrorCategory.TRANSIENT);
        }
        t.put(OutOfMemoryError.class, ErrorCategory.RESOURCE);
        return Map.copyOf(t);
    }

    /** The category of {@code failure}: its own for a {@link PluginError}, else from the table above. */
    public static ErrorCategory classify(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        if (failure instanceof PluginError pluginError) {
            return pluginError.category();
        }
        for (Class<?> c = failure.getClass(); c != null; c = c.getSuperclass()) {
            ErrorCategory category = TABLE.get(c);
            if (category != null) {
                return category;
            }
        }
        return ErrorCategory.FATAL;
    }

    /** Whether {@code failure} is retriable: its own flag for a {@link PluginError}, else its category's default. */
    public static boolean retriable(Throwable failure) {
        return failure instanceof PluginError pluginError
                ? pluginError.retriable()
                : classify(failure).defaultRetriable();
    }

    /**
     * The structured form of {@code failure}.
     *
     * <p>A {@link PluginError} contributes its structured data ({@code fields_invalid}, {@code retry_after_seconds},
     * {@code resource_shortfall}). {@code original_exc_repr} is {@code failure.toString()}. The policy decides
     * what detail is kept: {@code full} keeps the stack trace, {@code repr_only} drops it, {@code none} also
     * empties the message and drops the repr.
     *
     * @param pluginName the plugin that failed, or {@code null}
     * @param instanceId the instance that failed, or {@code null}
     * @param occurredAt when, or {@code null} for now
     */
    public static JobError toJobError(
            Throwable failure, String pluginName, String instanceId, TracebackPolicy policy, Instant occurredAt) {
        Objects.requireNonNull(policy, "policy");
        ErrorCategory category = classify(failure);
        String message = policy == TracebackPolicy.NONE ? "" : Objects.requireNonNullElse(failure.getMessage(), "");
        String repr = policy == TracebackPolicy.NONE ? null : failure.toString();
        String traceback = policy == TracebackPolicy.FULL ? stackTrace(failure) : null;
        Double retryAfter = failure instanceof PluginTransientError t ? t.retryAfterSeconds() : null;
        var fieldsInvalid = failure instanceof PluginInputError i ? i.fieldsInvalid() : null;
        ResourceShortfall shortfall = failure instanceof PluginResourceError r ? r.resourceShortfall() : null;
        return new JobError(
                category,
                message,
                retriable(failure),
                repr,
                traceback,
                retryAfter,
                fieldsInvalid,
                shortfall,
                pluginName,
                instanceId,
                occurredAt != null ? occurredAt : Instant.now());
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
