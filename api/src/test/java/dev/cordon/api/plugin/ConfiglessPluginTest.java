package dev.cordon.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfiglessPluginTest {

    static final class Hello implements ConfiglessPlugin {
        @Override
        public String name() {
            return "hello";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public Object execute(Invocation invocation) {
            return "hello";
        }
    }

    @Test
    void aPluginWithoutSettingsNeedsOnlyItsNameVersionAndExecute() throws Exception {
        Hello plugin = new Hello();

        plugin.initialize(new ConfiglessPlugin.Config());
        plugin.reconfigure(new ConfiglessPlugin.Config(), new ConfiglessPlugin.Config());

        assertThat(plugin.configType()).isEqualTo(ConfiglessPlugin.Config.class);
        assertThat(plugin.currentConfig()).isEqualTo(new ConfiglessPlugin.Config());
        assertThat(plugin.configType().getRecordComponents()).isEmpty();
    }
}
