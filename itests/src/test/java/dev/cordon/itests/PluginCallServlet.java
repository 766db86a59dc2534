package dev.cordon.itests;

import com.google.gson.Gson;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.InstanceStats;
import dev.cordon.api.host.PluginBinding;
import dev.cordon.api.host.PluginManager;
import dev.cordon.servlet.CordonServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A web application's servlet that calls a plugin through the runtime its listener started:
 * {@code GET /call?plugin=echo&text=hi} answers {@code {"result":…,"pid":…,"data":…}}.
 */
public class PluginCallServlet extends HttpServlet {

    private static final Gson GSON = new Gson();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var runtime = CordonServletContextListener.runtime(getServletContext());
        PluginManager plugins = runtime.plugins(Duration.ofSeconds(20));
        PluginBinding binding = plugins.bind(request.getParameter("plugin"));
        if (!binding.isLoaded()) {
            binding.load(Optional.empty());
        }
        Object result = binding.execute(new Call(List.of(request.getParameter("text")), Map.of()));
        long pid = plugins.stats(binding.instanceId()).map(InstanceStats::pid).orElse(-1L);
        response.setContentType("application/json");
        response.getWriter()
                .write(GSON.toJson(Map.of(
                        "result",
                        result,
                        "pid",
                        pid,
                        "data",
                        runtime.home().data().toString())));
    }
}
