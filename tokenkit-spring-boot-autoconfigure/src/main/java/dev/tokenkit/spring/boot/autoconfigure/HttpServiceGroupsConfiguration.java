package dev.tokenkit.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.tokenkit.client.spring.TokenClientHttpRequestInterceptor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Puts a source's token on the clients of the HTTP service groups it names in
 * {@code tokenkit.sources.<name>.http-service-groups}, and on no other client.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
class HttpServiceGroupsConfiguration {

    @Bean
    RestClientHttpServiceGroupConfigurer tokenkitHttpServiceGroups(TokenkitProperties properties, TokenkitSources sources) {
        Map<String, String> sourceByGroup = new LinkedHashMap<>();
        properties.getSources().forEach((name, source) -> source.getHttpServiceGroups().forEach(group -> {
            String other = sourceByGroup.putIfAbsent(group, name);
            if (other != null) {
                throw new TokenkitConfigurationException("tokenkit sources '" + other + "' and '" + name
                        + "' both name the HTTP service group '" + group + "'; a request carries one token.",
                        "Remove '" + group + "' from tokenkit.sources." + other + ".http-service-groups or from"
                        + " tokenkit.sources." + name + ".http-service-groups.");
            }
        }));
        Map<String, TokenClientHttpRequestInterceptor> byGroup = new LinkedHashMap<>();
        sourceByGroup.forEach((group, name) -> byGroup.put(group, new TokenClientHttpRequestInterceptor(sources.source(name))));
        return groups -> {
            Set<String> seen = new LinkedHashSet<>();
            groups.forEachClient((group, client) -> {
                seen.add(group.name());
                TokenClientHttpRequestInterceptor interceptor = byGroup.get(group.name());
                if (interceptor != null) {
                    client.requestInterceptor(interceptor);
                }
            });
            for (String group : byGroup.keySet()) {
                if (!seen.contains(group)) {
                    throw new TokenkitConfigurationException("tokenkit source '" + sourceByGroup.get(group)
                            + "' names the HTTP service group '" + group + "', which no RestClient HTTP service"
                            + " uses (groups: " + String.join(", ", seen) + ").",
                            "Correct tokenkit.sources." + sourceByGroup.get(group) + ".http-service-groups, or declare the group"
                            + " with @ImportHttpServices(group = \"" + group + "\", ...).");
                }
            }
        };
    }
}
