package dev.tokenkit.spring.boot.autoconfigure;

import dev.tokenkit.TokenSource;
import dev.tokenkit.client.spring.TokenClientHttpRequestInterceptor;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers two beans per configured source, both qualified by the source's name: the
 * {@link TokenSource} {@code <name>TokenSource} and its {@link TokenClientHttpRequestInterceptor}
 * {@code <name>TokenInterceptor}, and with client-webflux its WebClient filter
 * {@code <name>TokenExchangeFilter}. The sources themselves are built by {@link TokenkitSources}.
 */
final class SourceBeans implements ImportBeanDefinitionRegistrar, EnvironmentAware {
    /** client-webflux's filter: with it, a third bean per source. */
    private static final String WEBFLUX_FILTER = "dev.tokenkit.webflux.TokenExchangeFilter";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        TokenkitProperties properties;
        try {
            properties = Binder.get(environment).bind(TokenkitProperties.PREFIX, TokenkitProperties.class)
                    .orElseGet(TokenkitProperties::new);
        } catch (BindException e) {
            return; // binding TokenkitProperties itself fails start-up, with Spring Boot's own report
        }
        BeanFactory beans = (BeanFactory) registry;
        for (String name : properties.getSources().keySet()) {
            String sourceBean = sourceBeanName(name);
            RootBeanDefinition source = new RootBeanDefinition(TokenSource.class,
                    () -> beans.getBean(TokenkitSources.class).source(name));
            source.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            registry.registerBeanDefinition(sourceBean, source);

            RootBeanDefinition interceptor = new RootBeanDefinition(TokenClientHttpRequestInterceptor.class,
                    () -> new TokenClientHttpRequestInterceptor(beans.getBean(sourceBean, TokenSource.class)));
            interceptor.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            registry.registerBeanDefinition(interceptorBeanName(name), interceptor);

            if (ClassUtils.isPresent(WEBFLUX_FILTER, getClass().getClassLoader())) {
                WebClientFilters.register(registry, beans, name, sourceBean);
            }
        }
    }

    static String sourceBeanName(String source) {
        return source + "TokenSource";
    }

    static String interceptorBeanName(String source) {
        return source + "TokenInterceptor";
    }
}
