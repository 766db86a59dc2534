/** Example plugin oldgson: Uses its own, older Gson than the worker's, to prove layer isolation. */
module dev.cordon.examples.oldgson {
    requires dev.cordon.api;
    requires com.google.gson;

    exports dev.cordon.examples.oldgson;

    provides dev.cordon.api.plugin.Plugin with
            dev.cordon.examples.oldgson.OldgsonPlugin;
}
