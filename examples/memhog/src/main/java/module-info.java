/** Example plugin memhog: Allocates memory until it is stopped. */
module dev.cordon.examples.memhog {
    requires dev.cordon.api;

    exports dev.cordon.examples.memhog;

    provides dev.cordon.api.plugin.Plugin with
            dev.cordon.examples.memhog.MemhogPlugin;
}
