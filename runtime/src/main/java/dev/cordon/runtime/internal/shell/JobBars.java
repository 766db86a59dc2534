package dev.cordon.runtime.internal.shell;

import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.runtime.internal.output.Progress;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events of {@code cordon:events} on a terminal: one progress bar per running job, redrawn in place below the
 * other events, which scroll above them as plain lines.
 */
final class JobBars {

    private static final String UP_AND_CLEAR = "\033[1A\033[2K";

    private final PrintStream out;
    private final Map<String, String> bars = new LinkedHashMap<>();
    private int drawn;

    JobBars(PrintStream out) {
        this.out = out;
    }

    void show(JobEvent event) {
        erase();
        if (event.type() == JobEventType.PROGRESS_CHANGED) {
            double fraction = event.payload().get("progress") instanceof Number n ? n.doubleValue() : -1;
            Object message = event.payload().getOrDefault("status_message", "");
            String bar = fraction < 0 ? "[indeterminate]" : Progress.bar(Math.round(fraction * 100), 100) + "%";
            bars.put(event.jobId(), shortId(event.jobId()) + " " + bar + " " + message);
        } else {
            out.println(JobJson.line(event));
            if (event.type() == JobEventType.STATE_TRANSITION
                    && !"running".equals(event.payload().get("to"))) {
                bars.remove(event.jobId());
            }
        }
        bars.values().forEach(out::println);
        drawn = bars.size();
        out.flush();
    }

    private void erase() {
        for (int i = 0; i < drawn; i++) {
            out.print(UP_AND_CLEAR);
        }
        drawn = 0;
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
