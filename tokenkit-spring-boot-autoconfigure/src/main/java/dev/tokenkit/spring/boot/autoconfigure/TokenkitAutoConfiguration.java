package dev.tokenkit.spring.boot.autoconfigure;

import java.time.InstantSource;

import dev.tokenkit.TokenProviders;
import dev.tokenkit.spi.TokenStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * tokenkit's auto-configuration: the {@link TokenProviders} registry and, for every
 * {@code tokenkit.sources.<name>}, a {@link dev.tokenkit.TokenSource} bean {@code <name>TokenSource}
 * and a {@link dev.tokenkit.client.spring.TokenClientHttpRequestInterceptor} bean
 * {@code <name>TokenInterceptor}, both qualified {@code @Qualifier("<name>")}. With Actuator, a
 * health contributor and an endpoint named {@code tokenkit}; with Micrometer, each source's meters;
 * with Spring's HTTP service clients, the token on the groups each source names; with
 * {@code store-redis} and {@code tokenkit.store.redis.uri}, one token per source for the fleet.
 * See {@code docs/spring-boot.md}.
 */
@AutoConfiguration
@EnableConfigurationProperties(TokenkitProperties.class)
@Import({SourceBeans.class, RedisStoreConfiguration.class, MetricsConfiguration.class, HealthConfiguration.class,
        EndpointConfiguration.class, HttpServiceGroupsConfiguration.class})
public class TokenkitAutoConfiguration {

    /** Created by Spring Boot. */
    public TokenkitAutoConfiguration() {
    }

    /**
     * The provider registry: every provider on the class path or module path.
     *
     * @return the registry
     */
    @Bean
    @ConditionalOnMissingBean
    public TokenProviders tokenProviders() {
        return TokenProviders.load();
    }

    @Bean
    TokenkitSources tokenkitSources(TokenkitProperties properties, Environment environment, TokenProviders providers,
                                    ObjectProvider<TokenStore> store, ObjectProvider<SourceListenerFactory> listeners) {
        return new TokenkitSources(properties, Binder.get(environment), providers, store.getIfUnique(),
                listeners.orderedStream().toList(), InstantSource.system());
    }
}
