package dev.tokenkit.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health contributor {@code tokenkit}: one child per source, read from {@link SourceState}
 * only, so a health probe never fetches a token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthContributor.class)
class HealthConfiguration {

    @Bean
    CompositeHealthContributor tokenkit(TokenkitSources sources) {
        Map<String, HealthIndicator> children = new LinkedHashMap<>();
        sources.entries().forEach(e -> children.put(e.name(), () -> health(e.providerId(), e.state().snapshot())));
        return CompositeHealthContributor.fromMap(children);
    }

    static Health health(String providerId, SourceState.Snapshot s) {
        Health.Builder h = switch (s.status()) {
            case UP -> Health.up();
            case DOWN -> Health.down();
            case UNKNOWN -> Health.unknown();
        };
        h.withDetail("provider", providerId);
        if (s.expiresIn() != null) {
            h.withDetail("expiresIn", s.expiresIn().toString());
        }
        if (s.stale()) {
            h.withDetail("stale", true);
        }
        if (s.lastError() != null) {
            h.withDetail("lastError", s.lastError());
        }
        return h.build();
    }
}
