/** Example plugin streamer: Streams n chunks. */
module dev.cordon.examples.streamer {
    requires dev.cordon.api;

    exports dev.cordon.examples.streamer;

    provides dev.cordon.api.plugin.Plugin with
            dev.cordon.examples.streamer.StreamerPlugin;
}
