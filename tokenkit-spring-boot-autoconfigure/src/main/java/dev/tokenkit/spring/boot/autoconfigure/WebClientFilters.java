package dev.tokenkit.spring.boot.autoconfigure;

import dev.tokenkit.TokenSource;
import dev.tokenkit.webflux.TokenExchangeFilter;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;

/** The WebClient filter bean {@code <name>TokenExchangeFilter} of a source; only used when client-webflux is present. */
final class WebClientFilters {
    private WebClientFilters() {
    }

    static void register(BeanDefinitionRegistry registry, BeanFactory beans, String name, String sourceBean) {
        RootBeanDefinition filter = new RootBeanDefinition(TokenExchangeFilter.class,
                () -> TokenExchangeFilter.of(beans.getBean(sourceBean, TokenSource.class)));
        filter.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
        registry.registerBeanDefinition(name + "TokenExchangeFilter", filter);
    }
}
