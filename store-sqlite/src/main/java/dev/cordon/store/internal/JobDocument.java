package dev.cordon.store.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import dev.cordon.api.error.ErrorCategory;
import dev.cordon.api.error.JobError;
import dev.cordon.api.error.ResourceShortfall;
import dev.cordon.api.model.CancelPhase;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobStatus;
import java.io.IOException;
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

    /** The job as JSON text. */
    public static String write(Job job) {
        JsonObject o = new JsonObject();
        o.addProperty("id", job.id());
        o.addProperty("plugin_instance_id", job.pluginInstanceId());
        o.add("args", GSON.toJsonTree(job.args()));
        o.add("kwargs", GSON.toJsonTree(job.kwargs()));
        o.addProperty("status", job.status().wire());
        o.addProperty("priority", job.priority());
        o.addProperty("submitted_at", job.submittedAt().toString());
        o.add("started_at", instant(job.startedAt()));
        o.add("completed_at", instant(job.completedAt()));
        o.addProperty("progress", job.progress());
        o.addProperty("status_message", job.statusMessage());
        o.add("result", job.result().map(GSON::toJsonTree).orElse(JsonNull.INSTANCE));
        o.add("error", job.error().<JsonElement>map(JobDocument::error).orElse(JsonNull.INSTANCE));
        o.add("sequence_id", text(job.sequenceId()));
        o.add(
                "sequence_index",
                job.sequenceIndex().isPresent()
                        ? GSON.toJsonTree(job.sequenceIndex().getAsInt())
                        : JsonNull.INSTANCE);
        o.add("cancel_requested_at", instant(job.cancelRequestedAt()));
        o.add("cancel_phase", text(job.cancelPhase().map(CancelPhase::wire)));
        o.add("block_reason", text(job.blockReason()));
        o.addProperty("retry_count", job.retryCount());
        o.add(
                "last_resource_snapshot",
                job.lastResourceSnapshot().map(GSON::toJsonTree).orElse(JsonNull.INSTANCE));
        o.addProperty("lane", job.lane());
        o.add("run_id", text(job.runId()));
        o.add("actor", text(job.actor()));
        return GSON.toJson(o);
    }

    /**
     * The job written by {@link #write}.
     *
     * @throws IllegalArgumentException when the text is not such a document
     */
    public static Job read(String json) {
        try {
            JsonObject o = GSON.fromJson(json, JsonObject.class);
            return new Job(
                    o.get("id").getAsString(),
                    o.get("plugin_instance_id").getAsString(),
                    GSON.fromJson(o.get("args"), LIST),
                    GSON.fromJson(o.get("kwargs"), MAP),
                    JobStatus.fromWire(o.get("status").getAsString()),
                    o.get("priority").getAsInt(),
                    Instant.parse(o.get("submitted_at").getAsString()),
                    optionalText(o, "started_at").map(Instant::parse),
                    optionalText(o, "completed_at").map(Instant::parse),
                    o.get("progress").getAsDouble(),
                    o.get("status_message").getAsString(),
                    present(o, "result")
                            ? Optional.ofNullable(GSON.fromJson(o.get("result"), Object.class))
                            : Optional.empty(),
                    present(o, "error") ? Optional.of(error(o.getAsJsonObject("error"))) : Optional.empty(),
                    optionalText(o, "sequence_id"),
                    present(o, "sequence_index")
                            ? OptionalInt.of(o.get("sequence_index").getAsInt())
                            : OptionalInt.empty(),
                    optionalText(o, "cancel_requested_at").map(Instant::parse),
                    optionalText(o, "cancel_phase").map(CancelPhase::fromWire),
                    optionalText(o, "block_reason"),
                    o.get("retry_count").getAsInt(),
                    present(o, "last_resource_snapshot")
                            ? Optional.of(GSON.fromJson(o.get("last_resource_snapshot"), MAP))
                            : Optional.empty(),
                    // Documents written before lanes and call context read as the default lane, no run, no actor.
                    optionalText(o, "lane").orElse(Job.DEFAULT_LANE),
                    optionalText(o, "run_id"),
                    optionalText(o, "actor"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Not a stored job document (" + e.getMessage() + "): "
                            + (json.length() > 200 ? json.substring(0, 200) + "…" : json),
                    e);
        }
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

    private static JsonElement instant(Optional<Instant> value) {
        return text(value.map(Instant::toString));
    }

    private static JsonElement text(Optional<String> value) {
        return value.<JsonElement>map(com.google.gson.JsonPrimitive::new).orElse(JsonNull.INSTANCE);
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
}
