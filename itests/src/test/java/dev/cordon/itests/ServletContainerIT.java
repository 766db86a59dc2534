package dev.cordon.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.Gson;
import dev.cordon.boot.DataFolderInUseException;
import dev.cordon.servlet.CordonServletContextListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cordon in a real servlet container (embedded Jetty 12, Jakarta Servlet 6): web applications declare
 * {@link CordonServletContextListener} in {@code WEB-INF/web.xml}; each starts its own runtime with the application,
 * a servlet calls the Java and the Python echo plugin through it, and stopping the container stops the workers. Two
 * runtimes in one JVM are supported, each on its own data folder; a second one on a taken data folder fails its web
 * application's start and names the holder.
 */
class ServletContainerIT {

    private static final Gson GSON = new Gson();

    @TempDir
    Path dir;

    @Test
    void webApplicationsRunCordonWithTheirLifecycleAndCallPluginsOnRealWorkers() throws Exception {
        Path dist = Distribution.assembled();
        Server server = new Server(0);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        WebAppContext first = webapp("/first", dir.resolve("home-first"), dir.resolve("home-first/data"), dist);
        WebAppContext second = webapp("/second", dir.resolve("home-second"), dir.resolve("home-second/data"), dist);
        // The data folder of the first application: refused while the first runs.
        WebAppContext clash = webapp("/clash", dir.resolve("home-clash"), dir.resolve("home-first/data"), dist);
        contexts.addHandler(first);
        contexts.addHandler(second);
        contexts.addHandler(clash);
        server.setHandler(contexts);
        List<Long> pids = new ArrayList<>();
        try {
            server.start();
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();

            Map<?, ?> javaEcho = call(port, "/first", "echo", "hello");
            assertThat(javaEcho.get("result")).isEqualTo(Map.of("args", List.of("hello"), "kwargs", Map.of()));
            Map<?, ?> pythonEcho = call(port, "/first", "py-echo", "hello");
            assertThat(pythonEcho.get("result")).isEqualTo(Map.of("args", List.of("hello"), "kwargs", Map.of()));
            Map<?, ?> otherApp = call(port, "/second", "echo", "other");
            assertThat(otherApp.get("result")).isEqualTo(Map.of("args", List.of("other"), "kwargs", Map.of()));
            // Two runtimes, two data folders, three workers of their own.
            assertThat(otherApp.get("data")).isNotEqualTo(javaEcho.get("data"));
            for (Map<?, ?> answer : List.of(javaEcho, pythonEcho, otherApp)) {
                long pid = ((Number) answer.get("pid")).longValue();
                assertThat(Workers.running(pid)).as("worker %d runs", pid).isTrue();
                pids.add(pid);
            }
            assertThat(pids).doesNotHaveDuplicates();

            assertThat(clash.isAvailable()).isFalse();
            assertThat(clash.getUnavailableException())
                    .isInstanceOf(DataFolderInUseException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(first.isAvailable()).isTrue();
        } finally {
            server.stop();
        }
        // Stopping the web applications stopped their runtimes, and those their workers.
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(pids).noneMatch(Workers::running));
        assertThat(Workers.childWorkers()).isEmpty();
    }

    /** A web application folder with a web.xml that declares the listener and the servlet. */
    private WebAppContext webapp(String path, Path home, Path data, Path dist) throws IOException {
        Path root = dir.resolve("webapps" + path);
        Files.createDirectories(root.resolve("WEB-INF"));
        Files.writeString(root.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <listener><listener-class>%s</listener-class></listener>
                  %s
                  <servlet><servlet-name>call</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>call</servlet-name><url-pattern>/call</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(
                CordonServletContextListener.class.getName(),
                params(Map.of(
                        "cordon.home", home.toString(),
                        "cordon.data", data.toString(),
                        "cordon.bundles", dist.resolve("bundles").toString(),
                        "cordon.worker.lib", dist.resolve("lib/worker").toString(),
                        "cordon.worker.python",
                                dist.resolve("lib/python/cordon_worker.py").toString(),
                        "cordon.plugins.paths",
                                dist.resolve("examples/manifests").toString())),
                PluginCallServlet.class.getName()));
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(path);
        webapp.setBaseResourceAsPath(root);
        // The classes come from this test's class path, as from a WAR's WEB-INF/lib.
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(false);
        return webapp;
    }

    private static String params(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> out.append("<context-param><param-name>")
                .append(name)
                .append("</param-name><param-value>")
                .append(value)
                .append("</param-value></context-param>\n"));
        return out.toString();
    }

    private static Map<?, ?> call(int port, String app, String plugin, String text) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + port + app + "/call?plugin=" + plugin + "&text=" + text))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return GSON.fromJson(response.body(), Map.class);
    }
}
