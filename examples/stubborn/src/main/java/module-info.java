/** Example plugin stubborn: Ignores cancellation. */
module dev.cordon.examples.stubborn {
    requires dev.cordon.api;

    exports dev.cordon.examples.stubborn;

    provides dev.cordon.api.plugin.Plugin with
            dev.cordon.examples.stubborn.StubbornPlugin;
}
