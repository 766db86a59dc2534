package dev.cordon.api.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Annotations that turn a config record into a JSON Schema. On a record component each one becomes the
 * schema keyword of the same name; on the record class, {@link Name}, {@link Title} and {@link Description}
 * set the schema's top-level {@code name}, {@code title} and {@code description} (else the simple class name,
 * the simple class name and {@code ""}).
 *
 * <p>Default values come from a {@code public static} no-argument method named {@code defaults} on the record
 * that returns an instance of it; a component whose default is {@code null} and whose type is not an
 * {@code Optional} is listed in {@code required}.
 *
 * <pre>{@code
 * @Schema.Title("WhisperConfig")
 * public record WhisperConfig(
 *         @Schema.Title("Model") @Schema.EnumValues({"tiny", "base"}) @Schema.ReloadTrigger("model") String model,
 *         @Schema.Minimum(0) @Schema.Maximum(1) double temperature,
 *         @Schema.Description("ISO code; empty = auto-detect") Optional<String> language) {
 *     public static WhisperConfig defaults() { return new WhisperConfig("base", 0.0, Optional.empty()); }
 * }
 * }</pre>
 */
public final class Schema {

    private Schema() {}

    /** The schema's {@code name} (on a record class). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Name {
        /** The keyword's value. */
        String value();
    }

    /** {@code title}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.RECORD_COMPONENT})
    public @interface Title {
        /** The keyword's value. */
        String value();
    }

    /** {@code description}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.RECORD_COMPONENT})
    public @interface Description {
        /** The keyword's value. */
        String value();
    }

    /** {@code minimum}: the smallest allowed number, inclusive. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Minimum {
        /** The keyword's value. */
        double value();
    }

    /** {@code maximum}: the largest allowed number, inclusive. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Maximum {
        /** The keyword's value. */
        double value();
    }

    /** {@code enum}: the allowed string values (Java enum components get theirs automatically). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface EnumValues {
        /** The keyword's value. */
        String[] value();
    }

    /** {@code minLength} of a string. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface MinLength {
        /** The keyword's value. */
        int value();
    }

    /** {@code maxLength} of a string. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface MaxLength {
        /** The keyword's value. */
        int value();
    }

    /** {@code pattern}: a regular expression a string must contain a match of (JSON Schema semantics). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Pattern {
        /** The keyword's value. */
        String value();
    }

    /** {@code format}, for example {@code uri} or {@code path}; informational, not validated. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Format {
        /** The keyword's value. */
        String value();
    }

    /**
     * The release hook a change of this component fires ({@link Plugin#releaseHooks()}). Not emitted into the
     * schema, so it never changes the schema hash.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface ReloadTrigger {
        /** The keyword's value. */
        String value();
    }
}
