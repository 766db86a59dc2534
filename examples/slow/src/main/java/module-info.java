/** Example plugin slow: Reports progress step by step and honours cancellation. */
module dev.cordon.examples.slow {
    requires dev.cordon.api;

    exports dev.cordon.examples.slow;

    provides dev.cordon.api.plugin.Plugin with
            dev.cordon.examples.slow.SlowPlugin;
}
