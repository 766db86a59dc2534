/** Test plugins that break their worker on purpose; the testkit's misbehaving set names them. */
module dev.cordon.examples.misbehaving {
    requires dev.cordon.api;
    requires jdk.unsupported;

    exports dev.cordon.examples.misbehaving;

    provides dev.cordon.api.plugin.Plugin with
            dev.cordon.examples.misbehaving.ExitMidCall,
            dev.cordon.examples.misbehaving.Segfault,
            dev.cordon.examples.misbehaving.SigkillMidCall,
            dev.cordon.examples.misbehaving.HangInStartup,
            dev.cordon.examples.misbehaving.SpawnChildrenAndDie,
            dev.cordon.examples.misbehaving.SlowAnswer,
            dev.cordon.examples.misbehaving.Healthy;
}
