package dev.tokenkit.spring.boot.autoconfigure;

import dev.tokenkit.metrics.micrometer.TokenSourceMetrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Each source's {@link TokenSourceMetrics}, tagged {@code source=<name>}, added to the source as
 * it is built and bound to the application's {@link MeterRegistry} at once: before the first token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({TokenSourceMetrics.class, MeterRegistry.class})
class MetricsConfiguration {

    @Bean
    @Order(0) // the meters hear each event before listeners of lower precedence
    SourceListenerFactory tokenkitMetrics(ObjectProvider<MeterRegistry> registries) {
        return source -> {
            TokenSourceMetrics metrics = new TokenSourceMetrics(source);
            MeterRegistry registry = registries.getIfUnique(); // Boot's primary (composite) registry
            if (registry != null) {
                metrics.bindTo(registry);
            }
            return metrics;
        };
    }
}
