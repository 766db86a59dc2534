package dev.cordon.spring.internal;

import dev.cordon.api.host.PluginBinding;
import dev.cordon.api.host.PluginManager;
import dev.cordon.api.model.PluginInstance;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link PluginBinding} bean per id of {@code cordon.bindings}, named {@code cordon.binding.<id>}
 * and qualified by the id, so {@code @Qualifier("echo") PluginBinding echo} injects the binding of {@code echo}.
 */
public final class BindingRegistrar implements BeanDefinitionRegistryPostProcessor, BeanFactoryAware {

    /** The prefix of each binding bean's name. */
    public static final String BEAN_PREFIX = "cordon.binding.";

    private final Environment environment;
    private BeanFactory beanFactory;

    public BindingRegistrar(Environment environment) {
        this.environment = environment;
    }

    /**
     * @throws IllegalArgumentException naming an id that is not a valid instance id
     */
    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        List<String> ids = Binder.get(environment)
                .bind("cordon.bindings", Bindable.listOf(String.class))
                .orElse(List.of());
        for (String raw : ids) {
            String id = raw.trim();
            if (!PluginInstance.ID_PATTERN.matcher(id).matches()) {
                throw new IllegalArgumentException("cordon.bindings names '" + id + "', which is not an instance"
                        + " id: use a plugin's name or an instance id of 1 to 64 letters, digits, '_' or '-'");
            }
            RootBeanDefinition definition = new RootBeanDefinition(PluginBinding.class);
            definition.setInstanceSupplier(
                    () -> beanFactory.getBean(PluginManager.class).bind(id));
            definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, id));
            registry.registerBeanDefinition(BEAN_PREFIX + id, definition);
        }
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }
}
