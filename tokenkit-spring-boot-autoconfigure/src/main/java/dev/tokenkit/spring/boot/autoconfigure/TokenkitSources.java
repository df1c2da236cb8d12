package dev.tokenkit.spring.boot.autoconfigure;

import java.time.InstantSource;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.spi.TokenStore;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The token sources of {@code tokenkit.sources.*}, built when the context starts (no token is
 * fetched then, unless a source warms up, in the background) and closed when it stops. A
 * configuration error stops start-up with a {@link TokenkitConfigurationException}.
 */
final class TokenkitSources implements SmartInitializingSingleton, DisposableBean {

    /** One built source. */
    record Entry(String name, String providerId, TokenSource source, SourceState state, boolean warmUp) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    TokenkitSources(TokenkitProperties properties, Binder binder, TokenProviders providers, TokenStore store,
                    List<SourceListenerFactory> listeners, InstantSource clock) {
        try {
            properties.getSources().forEach((name, source) ->
                    entries.put(name, build(name, source, binder, providers, store, listeners, clock)));
        } catch (RuntimeException e) {
            destroy();
            throw e;
        }
    }

    private static Entry build(String name, TokenkitProperties.Source source, Binder binder, TokenProviders providers,
                               TokenStore store, List<SourceListenerFactory> listeners, InstantSource clock) {
        String property = TokenkitProperties.PREFIX + ".sources." + name;
        String id = source.getProvider();
        if (id == null || id.isBlank()) {
            throw new TokenkitConfigurationException("tokenkit source '" + name + "' names no provider.",
                    "Set " + property + ".provider to one of: " + String.join(", ", providers.ids()) + ".");
        }
        ProviderDescriptor descriptor;
        try {
            descriptor = providers.describe(id);
        } catch (ProviderConfigurationException e) {
            throw new TokenkitConfigurationException("tokenkit source '" + name + "': " + e.getMessage() + ".",
                    "Set " + property + ".provider to one of: " + String.join(", ", providers.ids())
                    + ", or add the provider's jar to the application.");
        }
        ProviderConfig config = SourceOptions.bind(name, descriptor, source.getOptions(), binder);
        TokenSource.Builder builder;
        try {
            builder = providers.sourceBuilder(id, config);
        } catch (ProviderConfigurationException e) {
            throw new TokenkitConfigurationException("tokenkit source '" + name + "': " + e.getMessage() + ".",
                    "Correct the value under " + property + ".options (see docs/configuration.md#" + id + ").");
        }
        SourceState state = new SourceState(clock);
        try {
            knobs(builder, source);
            if (store != null && source.isStore()) {
                builder.store(store);
            }
            builder.listener(state);
            listeners.forEach(l -> builder.listener(l.listener(name)));
            return new Entry(name, id, builder.build(), state, source.isWarmUp());
        } catch (IllegalArgumentException e) {
            throw new TokenkitConfigurationException("tokenkit source '" + name + "': " + e.getMessage() + ".",
                    "Correct " + property + ".fetch-deadline, .max-wait, .max-idle-refreshes, .expiry.* or .retry.*.");
        }
    }

    private static void knobs(TokenSource.Builder builder, TokenkitProperties.Source source) {
        ifSet(source.getFetchDeadline(), builder::fetchDeadline);
        ifSet(source.getMaxWait(), builder::maxWait);
        ifSet(source.getMaxIdleRefreshes(), builder::maxIdleRefreshes);
        TokenkitProperties.Expiry e = source.getExpiry();
        ExpiryPolicy.Builder expiry = ExpiryPolicy.builder();
        ifSet(e.getRefreshAt(), expiry::refreshAt);
        ifSet(e.getClockSkew(), expiry::clockSkew);
        ifSet(e.getDefaultLifetime(), expiry::defaultLifetime);
        ifSet(e.getMinRefreshInterval(), expiry::minRefreshInterval);
        builder.expiry(expiry.build());
        TokenkitProperties.Retry r = source.getRetry();
        RetryPolicy.Builder retry = RetryPolicy.builder();
        ifSet(r.getMaxAttempts(), retry::maxAttempts);
        ifSet(r.getMaxTotalTime(), retry::maxTotalTime);
        ifSet(r.getMaxRetryAfter(), retry::maxRetryAfter);
        builder.retry(retry.build());
    }

    /** Applies a property that is set; an unset one keeps tokenkit's default. */
    static <T> void ifSet(T value, Consumer<? super T> apply) {
        if (value != null) {
            apply.accept(value);
        }
    }

    /**
     * The source of a name.
     *
     * @throws IllegalStateException for a name that is not configured
     */
    TokenSource source(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalStateException("no tokenkit source '" + name + "' is configured (sources: "
                    + String.join(", ", entries.keySet()) + ")");
        }
        return e.source();
    }

    Collection<Entry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    /** Starts the first fetch of each warming source in the background; start-up never waits for it. */
    @Override
    public void afterSingletonsInstantiated() {
        entries.values().stream().filter(Entry::warmUp).forEach(e -> e.source().tokenAsync());
    }

    @Override
    public void destroy() {
        entries.values().forEach(e -> e.source().close());
    }
}
