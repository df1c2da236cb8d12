package dev.tokenkit.spring.boot.autoconfigure;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code tokenkit} actuator endpoint, when Actuator is present. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Endpoint.class)
class EndpointConfiguration {

    @Bean
    TokenkitEndpoint tokenkitEndpoint(TokenkitSources sources) {
        return new TokenkitEndpoint(sources);
    }
}
