/** Example plugin echo: Returns its arguments. */
module dev.cordon.examples.echo {
    requires dev.cordon.api;
    requires java.logging;

    exports dev.cordon.examples.echo;

    provides dev.cordon.api.plugin.Plugin with
            dev.cordon.examples.echo.EchoPlugin;
}
