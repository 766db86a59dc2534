package dev.cordon.store.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.JobError;
import dev.cordon.api.error.ResourceShortfall;
import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@link Job} as one JSON document with the original's wire keys, the form the job stores keep. Integers come back
 * as {@link Long} (or {@link BigInteger} beyond its range) and other numbers as {@link Double}, as the plugin API
 * hands them out.
 */
public final class JobDocument {

    static final Type LIST = new TypeToken<List<Object>>() {}.getType();
    static final Type MAP = new TypeToken<Map<String, Object>>() {}.getType();
    static final Gson GSON = new GsonBuilder()
            .serializeNulls()
            .setObjectToNumberStrategy(JobDocument::readNumber)
            .disableHtmlEscaping()
            .create();

    private JobDocument() {}

    /**
     * The job as JSON text. Written key by key with a streaming writer rather than through a tree: a job's document is
     * written at its insert, start and end, and building the tree cost more than writing the text.
     */
    public static String write(Job job) {
        Text text = new Text(384);
        try (JsonWriter w = GSON.newJsonWriter(text)) {
            w.beginObject();
            w.name("id").value(job.id());
            w.name("plugin_instance_id").value(job.pluginInstanceId());
            value(w.name("args"), job.args());
            value(w.name("kwargs"), job.kwargs());
            w.name("status").value(job.status().wire());
            w.name("priority").value(job.priority());
            w.name("submitted_at").value(job.submittedAt().toString());
            text(w.name("started_at"), job.startedAt().map(Instant::toString));
            text(w.name("completed_at"), job.completedAt().map(Instant::toString));
            w.name("progress").value(job.progress());
            w.name("status_message").value(job.statusMessage());
            value(w.name("result"), job.result().orElse(null));
            w.name("error");
            if (job.error().isPresent()) {
                GSON.toJson(error(job.error().get()), w);
            } else {
                w.nullValue();
            }
            text(w.name("sequence_id"), job.sequenceId());
            w.name("sequence_index");
            if (job.sequenceIndex().isPresent()) {
                w.value(job.sequenceIndex().getAsInt());
            } else {
                w.nullValue();
            }
            text(w.name("cancel_requested_at"), job.cancelRequestedAt().map(Instant::toString));
            text(w.name("cancel_phase"), job.cancelPhase().map(CancelPhase::wire));
            text(w.name("block_reason"), job.blockReason());
            w.name("retry_count").value(job.retryCount());
            value(w.name("last_resource_snapshot"), job.lastResourceSnapshot().orElse(null));
            w.name("lane").value(job.lane());
            text(w.name("run_id"), job.runId());
            text(w.name("actor"), job.actor());
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to a string failed", e);
        }
        return text.toString();
    }

    /**
     * The job written by {@link #write}, read key by key in any order; keys it does not know are skipped.
     *
     * @throws IllegalArgumentException when the text is not such a document
     */
    public static Job read(String json) {
        try (JsonReader r = GSON.newJsonReader(new StringReader(json))) {
            Fields f = new Fields();
            r.beginObject();
            while (r.hasNext()) {
                f.read(r.nextName(), r);
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalStateException("text follows the document at " + r.getPath());
            }
            return f.job();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Not a stored job document (" + e.getMessage() + "): "
                            + (json.length() > 200 ? json.substring(0, 200) + "…" : json),
                    e);
        }
    }

    /** The fields of one document as they are read; required ones are checked when the job is made. */
    private static final class Fields {
        private String id;
        private String pluginInstanceId;
        private List<Object> args;
        private Map<String, Object> kwargs;
        private JobStatus status;
        private Integer priority;
        private Instant submittedAt;
        private Optional<Instant> startedAt = Optional.empty();
        private Optional<Instant> completedAt = Optional.empty();
        private Double progress;
        private String statusMessage;
        private Optional<Object> result = Optional.empty();
        private Optional<JobError> error = Optional.empty();
        private Optional<String> sequenceId = Optional.empty();
        private OptionalInt sequenceIndex = OptionalInt.empty();
        private Optional<Instant> cancelRequestedAt = Optional.empty();
        private Optional<CancelPhase> cancelPhase = Optional.empty();
        private Optional<String> blockReason = Optional.empty();
        private Integer retryCount;
        private Optional<Map<String, Object>> lastResourceSnapshot = Optional.empty();
        // Documents written before lanes and call context read as the default lane, no run, no actor.
        private String lane = Job.DEFAULT_LANE;
        private Optional<String> runId = Optional.empty();
        private Optional<String> actor = Optional.empty();

        void read(String key, JsonReader r) throws IOException {
            switch (key) {
                case "id" -> id = r.nextString();
                case "plugin_instance_id" -> pluginInstanceId = r.nextString();
                case "args" -> args = GSON.fromJson(r, LIST);
                case "kwargs" -> kwargs = GSON.fromJson(r, MAP);
                case "status" -> status = JobStatus.fromWire(r.nextString());
                case "priority" -> priority = r.nextInt();
                case "submitted_at" -> submittedAt = Instant.parse(r.nextString());
                case "started_at" -> startedAt = optionalText(r).map(Instant::parse);
                case "completed_at" -> completedAt = optionalText(r).map(Instant::parse);
                case "progress" -> progress = r.nextDouble();
                case "status_message" -> statusMessage = r.nextString();
                case "result" -> result = Optional.ofNullable(GSON.fromJson(r, Object.class));
                case "error" ->
                    error = nullNext(r)
                            ? Optional.empty()
                            : Optional.of(error(GSON.<JsonObject>fromJson(r, JsonObject.class)));
                case "sequence_id" -> sequenceId = optionalText(r);
                case "sequence_index" ->
                    sequenceIndex = nullNext(r) ? OptionalInt.empty() : OptionalInt.of(r.nextInt());
                case "cancel_requested_at" ->
                    cancelRequestedAt = optionalText(r).map(Instant::parse);
                case "cancel_phase" -> cancelPhase = optionalText(r).map(CancelPhase::fromWire);
                case "block_reason" -> blockReason = optionalText(r);
                case "retry_count" -> retryCount = r.nextInt();
                case "last_resource_snapshot" -> lastResourceSnapshot = Optional.ofNullable(GSON.fromJson(r, MAP));
                case "lane" -> lane = optionalText(r).orElse(Job.DEFAULT_LANE);
                case "run_id" -> runId = optionalText(r);
                case "actor" -> actor = optionalText(r);
                default -> r.skipValue();
            }
        }

        Job job() {
            return new Job(
                    required(id, "id"),
                    required(pluginInstanceId, "plugin_instance_id"),
                    required(args, "args"),
                    required(kwargs, "kwargs"),
                    required(status, "status"),
                    required(priority, "priority"),
                    required(submittedAt, "submitted_at"),
                    startedAt,
                    completedAt,
                    required(progress, "progress"),
                    required(statusMessage, "status_message"),
                    result,
                    error,
                    sequenceId,
                    sequenceIndex,
                    cancelRequestedAt,
                    cancelPhase,
                    blockReason,
                    required(retryCount, "retry_count"),
                    lastResourceSnapshot,
                    lane,
                    runId,
                    actor);
        }

        private static <T> T required(T value, String key) {
            if (value == null) {
                throw new IllegalStateException("the key " + key + " is missing or null");
            }
            return value;
        }
    }

    /** Writes {@code value} as Gson writes its runtime type, or null. */
    private static void value(JsonWriter w, Object value) throws IOException {
        if (value == null) {
            w.nullValue();
        } else {
            GSON.toJson(value, value.getClass(), w);
        }
    }

    private static void text(JsonWriter w, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            w.value(value.get());
        } else {
            w.nullValue();
        }
    }

    /** Consumes a JSON null and says so; leaves any other value to be read. */
    private static boolean nullNext(JsonReader r) throws IOException {
        if (r.peek() == JsonToken.NULL) {
            r.nextNull();
            return true;
        }
        return false;
    }

    private static Optional<String> optionalText(JsonReader r) throws IOException {
        return nullNext(r) ? Optional.empty() : Optional.of(r.nextString());
    }

    static JsonObject error(JobError e) {
        JsonObject o = new JsonObject();
        o.addProperty("category", e.category().wire());
        o.addProperty("message", e.message());
        o.addProperty("retriable", e.retriable());
        o.addProperty("original_exc_repr", e.originalExcRepr());
        o.addProperty("traceback", e.traceback());
        o.addProperty("retry_after_seconds", e.retryAfterSeconds());
        o.add("fields_invalid", e.fieldsInvalid() == null ? JsonNull.INSTANCE : GSON.toJsonTree(e.fieldsInvalid()));
        if (e.resourceShortfall() == null) {
            o.add("resource_shortfall", JsonNull.INSTANCE);
        } else {
            JsonObject s = new JsonObject();
            s.addProperty("resource", e.resourceShortfall().resource());
            s.addProperty("needed", e.resourceShortfall().needed());
            s.addProperty("available", e.resourceShortfall().available());
            o.add("resource_shortfall", s);
        }
        o.addProperty("plugin_name", e.pluginName());
        o.addProperty("plugin_instance_id", e.pluginInstanceId());
        o.addProperty("occurred_at", e.occurredAt().toString());
        return o;
    }

    static JobError error(JsonObject o) {
        List<String> fields = null;
        if (present(o, "fields_invalid")) {
            fields = new ArrayList<>();
            for (JsonElement f : o.getAsJsonArray("fields_invalid")) {
                fields.add(f.getAsString());
            }
        }
        ResourceShortfall shortfall = null;
        if (present(o, "resource_shortfall")) {
            JsonObject s = o.getAsJsonObject("resource_shortfall");
            shortfall = new ResourceShortfall(
                    s.get("resource").getAsString(),
                    s.get("needed").getAsDouble(),
                    s.get("available").getAsDouble());
        }
        return new JobError(
                ErrorCategory.fromWire(o.get("category").getAsString()),
                o.get("message").getAsString(),
                o.get("retriable").getAsBoolean(),
                optionalText(o, "original_exc_repr").orElse(null),
                optionalText(o, "traceback").orElse(null),
                present(o, "retry_after_seconds") ? o.get("retry_after_seconds").getAsDouble() : null,
                fields,
                shortfall,
                optionalText(o, "plugin_name").orElse(null),
                optionalText(o, "plugin_instance_id").orElse(null),
                Instant.parse(o.get("occurred_at").getAsString()));
    }

    private static boolean present(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull();
    }

    private static Optional<String> optionalText(JsonObject o, String key) {
        return present(o, key) ? Optional.of(o.get(key).getAsString()) : Optional.empty();
    }

    /** Integers as Long (BigInteger beyond it), everything else as Double: the plugin API's number types. */
    private static Number readNumber(JsonReader in) throws IOException {
        String text = in.nextString();
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLarge) {
                return new BigInteger(text);
            }
        }
        return Double.parseDouble(text);
    }

    /**
     * A {@link java.io.StringWriter} without its {@link StringBuffer}: the JSON writer appends a document a few
     * characters at a time, and each append to a {@code StringBuffer} takes its lock, a fifth of a job write's cost.
     */
    private static final class Text extends Writer {
        private final StringBuilder chars;

        Text(int capacity) {
            chars = new StringBuilder(capacity);
        }

        @Override
        public void write(int c) {
            chars.append((char) c);
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            chars.append(buffer, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) {
            chars.append(text, offset, offset + length);
        }

        @Override
        public Writer append(CharSequence text) {
            chars.append(text);
            return this;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return chars.toString();
        }
    }
}
