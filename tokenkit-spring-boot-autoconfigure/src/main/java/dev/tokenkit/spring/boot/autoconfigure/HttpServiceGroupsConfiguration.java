package dev.tokenkit.spring.boot.autoconfigure;

import dev.tokenkit.client.spring.TokenClientHttpRequestInterceptor;
import dev.tokenkit.webflux.TokenExchangeFilter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;

/**
 * Puts a source's token on the clients of the HTTP service groups it names in
 * {@code tokenkit.sources.<name>.http-service-groups} (RestClient groups through the interceptor,
 * WebClient groups through client-webflux's filter), and on no other client.
 */
@Configuration(proxyBeanMethods = false)
class HttpServiceGroupsConfiguration {

    @Bean
    ServiceGroupTokens tokenkitServiceGroupTokens(TokenkitProperties properties, TokenkitSources sources) {
        return new ServiceGroupTokens(properties, sources);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
    static class RestClientGroups {

        @Bean
        RestClientHttpServiceGroupConfigurer tokenkitRestClientGroups(ServiceGroupTokens tokens) {
            return groups -> groups.forEachClient((group, client) -> tokens.forGroup(group.name(),
                    source -> client.requestInterceptor(new TokenClientHttpRequestInterceptor(source))));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({WebClientHttpServiceGroupConfigurer.class, TokenExchangeFilter.class})
    static class WebClientGroups {

        @Bean
        WebClientHttpServiceGroupConfigurer tokenkitWebClientGroups(ServiceGroupTokens tokens) {
            return groups -> groups.forEachClient((group, client) -> tokens.forGroup(group.name(),
                    source -> client.filter(TokenExchangeFilter.of(source))));
        }
    }
}
