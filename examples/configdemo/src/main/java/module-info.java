/** Example plugin configdemo: A config record using every schema feature. */
module dev.cordon.examples.configdemo {
    requires dev.cordon.api;

    exports dev.cordon.examples.configdemo;

    provides dev.cordon.api.plugin.Plugin with
            dev.cordon.examples.configdemo.ConfigdemoPlugin;
}
