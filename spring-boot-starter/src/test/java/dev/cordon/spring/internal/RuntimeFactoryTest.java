package dev.cordon.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.spring.CordonProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class RuntimeFactoryTest {

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        // Only the test's keys: the machine's CORDON_* variables (CI sets some) would bind as cordon.* keys too.
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }

    @Test
    void everyCordonKeyButTheStartersOwnIsAFrameworkProperty() {
        var env = environment(Map.of(
                "cordon.home", "/opt/cordon",
                "cordon.data", "/var/cordon",
                "cordon.start-timeout", "10s",
                "cordon.bindings", "echo,py-echo",
                "cordon.framework.felix.log.level", "4",
                "cordon.plugins.paths", "/plugins",
                "cordon.worker.jvm.args", "-Xmx64m",
                "other.key", "x"));

        assertThat(RuntimeFactory.frameworkProperties(env))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("cordon.plugins.paths", "/plugins", "cordon.worker.jvm.args", "-Xmx64m"));
    }

    @Test
    void aMissingHomeIsRefusedWithTheKeyToSet() {
        assertThatThrownBy(() -> RuntimeFactory.start(new CordonProperties(), environment(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cordon.home is not set")
                .hasMessageContaining("cordon.enabled=false");
    }

    @Test
    void bindingsAreRegisteredQualifiedByTheirIdAndBadIdsAreNamed() {
        DefaultListableBeanFactory registry = new DefaultListableBeanFactory();
        new BindingRegistrar(environment(Map.of("cordon.bindings", "echo, py-echo")))
                .postProcessBeanDefinitionRegistry(registry);
        assertThat(registry.getBeanDefinitionNames())
                .containsExactly(BindingRegistrar.BEAN_PREFIX + "echo", BindingRegistrar.BEAN_PREFIX + "py-echo");

        assertThatThrownBy(() -> new BindingRegistrar(environment(Map.of("cordon.bindings", "no such")))
                        .postProcessBeanDefinitionRegistry(new DefaultListableBeanFactory()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no such'");
    }
}
