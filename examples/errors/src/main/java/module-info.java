/** Example plugin errors: Raises the error category it is asked for. */
module dev.cordon.examples.errors {
    requires dev.cordon.api;

    exports dev.cordon.examples.errors;

    provides dev.cordon.api.plugin.Plugin with
            dev.cordon.examples.errors.ErrorsPlugin;
}
