package dev.cordon.examples.oldgson;

import com.google.gson.Gson;
import dev.cordon.api.plugin.ConfiglessPlugin;
import dev.cordon.api.plugin.Invocation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Depends on Gson 2.10.1 while the worker itself runs Gson 2.15.0: returns which Gson jar it was given and the
 * kwargs serialised by it, so a test can see that the plugin's layer holds its own version.
 */
public final class OldgsonPlugin implements ConfiglessPlugin {

    @Override
    public String name() {
        return "oldgson";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Object execute(Invocation invocation) {
        Map<String, Object> result = new LinkedHashMap<>();
        String location =
                Gson.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        result.put("gson_jar", location.substring(location.lastIndexOf('/') + 1));
        result.put("json", new Gson().toJson(invocation.kwargs()));
        return result;
    }
}
