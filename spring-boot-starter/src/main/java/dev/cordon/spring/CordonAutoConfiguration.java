package dev.cordon.spring;

import dev.cordon.api.host.JobQueue;
import dev.cordon.api.host.PluginManager;
import dev.cordon.boot.CordonRuntime;
import dev.cordon.spring.internal.BindingRegistrar;
import dev.cordon.spring.internal.CordonHealthIndicator;
import dev.cordon.spring.internal.RuntimeFactory;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * Starts an embedded {@link CordonRuntime} with the application context and closes it, with its workers, when the
 * context closes. Beans: the runtime, its {@link PluginManager}, its {@link JobQueue} when a bundle provides one
 * (otherwise injecting it yields nothing: use {@code ObjectProvider<JobQueue>}), a {@code PluginBinding} for each
 * id of {@code cordon.bindings} (qualified by that id), and a health indicator named {@code cordon} when Actuator
 * is present.
 */
@AutoConfiguration
@ConditionalOnClass(CordonRuntime.class)
@ConditionalOnProperty(prefix = "cordon", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CordonProperties.class)
public class CordonAutoConfiguration {

    /** The runtime, started from {@code cordon.*} settings; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public CordonRuntime cordonRuntime(CordonProperties properties, Environment environment) {
        return RuntimeFactory.start(properties, environment);
    }

    /** The plugin manager, waited for up to {@code cordon.start-timeout}. */
    @Bean
    @ConditionalOnMissingBean
    public PluginManager cordonPluginManager(CordonRuntime runtime, CordonProperties properties) {
        return runtime.plugins(properties.getStartTimeout());
    }

    /** The job queue when a bundle of the runtime provides one, else no bean (a null bean). */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    public JobQueue cordonJobQueue(CordonRuntime runtime) {
        return runtime.jobs().orElse(null);
    }

    /** Registers the {@code PluginBinding} beans named by {@code cordon.bindings}. */
    @Bean
    public static BindingRegistrar cordonBindingRegistrar(Environment environment) {
        return new BindingRegistrar(environment);
    }

    /** The health indicator, with Actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "cordonHealthIndicator")
        CordonHealthIndicator cordonHealthIndicator(CordonRuntime runtime, PluginManager plugins) {
            return new CordonHealthIndicator(runtime, plugins);
        }
    }
}
