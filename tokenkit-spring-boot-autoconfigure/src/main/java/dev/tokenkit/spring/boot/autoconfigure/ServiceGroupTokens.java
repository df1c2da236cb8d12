package dev.tokenkit.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.tokenkit.TokenSource;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Which source's token goes on which HTTP service group, from
 * {@code tokenkit.sources.<name>.http-service-groups}: one source per group, checked once. The
 * group configurers (RestClient, WebClient) ask it for each group they configure; a named group
 * that none of them saw is a configuration error once the context has started.
 */
final class ServiceGroupTokens implements SmartInitializingSingleton {
    private final Map<String, String> sourceByGroup = new LinkedHashMap<>();
    private final TokenkitSources sources;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    ServiceGroupTokens(TokenkitProperties properties, TokenkitSources sources) {
        this.sources = sources;
        properties.getSources().forEach((name, source) -> source.getHttpServiceGroups().forEach(group -> {
            String other = sourceByGroup.putIfAbsent(group, name);
            if (other != null) {
                throw new TokenkitConfigurationException("tokenkit sources '" + other + "' and '" + name
                        + "' both name the HTTP service group '" + group + "'; a request carries one token.",
                        "Remove '" + group + "' from " + property(other) + " or from " + property(name) + ".");
            }
        }));
    }

    private static String property(String source) {
        return TokenkitProperties.PREFIX + ".sources." + source + ".http-service-groups";
    }

    /** Hands the group's source, if one names it, to the configurer's callback. */
    void forGroup(String group, Consumer<TokenSource> withSource) {
        seen.add(group);
        String name = sourceByGroup.get(group);
        if (name != null) {
            withSource.accept(sources.source(name));
        }
    }

    /**
     * Once HTTP service groups were configured, every group a source names must have been among
     * them. (With no group at all, the application declares no HTTP service yet; nothing to check.)
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (seen.isEmpty()) {
            return;
        }
        sourceByGroup.forEach((group, name) -> {
            if (!seen.contains(group)) {
                throw new TokenkitConfigurationException("tokenkit source '" + name + "' names the HTTP service group '"
                        + group + "', which the application does not declare (groups: " + String.join(", ", seen) + ").",
                        "Correct " + property(name) + ", or declare the group with @ImportHttpServices(group = \""
                        + group + "\", types = ...).");
            }
        });
    }
}
