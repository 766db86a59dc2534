package dev.cordon.worker.internal;

import dev.cordon.api.error.PluginInputError;
import dev.cordon.protocol.CallHeader;
import dev.cordon.protocol.CallHeaderException;
import dev.cordon.protocol.Endpoint;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/** Reads the {@link CallHeader}s of a request into the {@link dev.cordon.protocol.LogStamp} of its call. */
final class CallStamps {

    private CallStamps() {}

    /**
     * The log stamp of an {@code /execute} or {@code /execute_stream} request ("" when it carries no call header;
     * other endpoints ignore them).
     *
     * @throws PluginInputError naming the malformed header, answered 400 before the plugin is called
     */
    static String of(HttpRequest request, Endpoint endpoint) {
        if (endpoint != Endpoint.EXECUTE && endpoint != Endpoint.EXECUTE_STREAM) {
            return "";
        }
        try {
            return CallHeader.stampOf(request.headers()::get);
        } catch (CallHeaderException e) {
            throw new PluginInputError(
                    endpoint.path() + " refused: " + e.getMessage() + "; send a valid value or leave the header out",
                    List.of(e.header().header()),
                    null);
        }
    }
}
