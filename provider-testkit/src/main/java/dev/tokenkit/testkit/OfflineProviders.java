package dev.tokenkit.testkit;

import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.spi.HttpTransport;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import jakarta.json.spi.JsonProvider;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Creates a provider, by id, whose HTTP transport is a function instead of a network: the
 * provider's own request building, status mapping and response parsing run unchanged, in
 * memory, thousands of times a second. Meant for fuzzing a provider's parsing
 * ({@code @FuzzTest}), where a real HTTP round trip per input would be far too slow; functional
 * tests should use {@link dev.tokenkit.testkit.server.FakeTokenServer}.
 *
 * <pre>{@code
 * TokenProvider p = OfflineProviders.create("acme", config, clock,
 *         request -> new TokenResponse(request.uri(), 200, Map.of(), fuzzedBody));
 * }</pre>
 *
 * <p>The configuration is validated against the provider's descriptor exactly as
 * {@link dev.tokenkit.TokenProviders#provider(String, ProviderConfig)} does; the context's
 * {@link ProviderContext#redact(String) redact} replaces every configured secret.
 */
public final class OfflineProviders {
    private OfflineProviders() {
    }

    /**
     * Creates the provider with the given id from the factories {@link ServiceLoader} finds on
     * the thread's context class loader.
     *
     * @param id        the provider id
     * @param config    the configuration, validated here
     * @param clock     the provider's clock
     * @param transport answers each request; may throw what an {@link HttpTransport} throws
     * @return the provider
     * @throws ProviderConfigurationException when no factory has the id or the configuration is invalid
     */
    public static TokenProvider create(String id, ProviderConfig config, InstantSource clock,
                                       Function<TokenRequest, TokenResponse> transport) {
        Objects.requireNonNull(transport, "transport");
        TokenProviderFactory factory = null;
        for (TokenProviderFactory f : ServiceLoader.load(TokenProviderFactory.class)) {
            if (id.equals(f.id())) {
                factory = f;
                break;
            }
        }
        if (factory == null) {
            throw new ProviderConfigurationException(id, "no TokenProviderFactory with id '" + id + "' was found");
        }
        ProviderDescriptor descriptor = factory.descriptor();
        ProviderConfig validated = config.validate(descriptor);
        return factory.create(validated, new Context(descriptor, validated, Objects.requireNonNull(clock, "clock"),
                transport::apply));
    }

    private static final class Context implements ProviderContext {
        private final ProviderDescriptor descriptor;
        private final InstantSource clock;
        private final HttpTransport http;
        private final List<String> secrets = new ArrayList<>();

        Context(ProviderDescriptor descriptor, ProviderConfig config, InstantSource clock, HttpTransport http) {
            this.descriptor = descriptor;
            this.clock = clock;
            this.http = http;
            for (String name : config.names()) {
                if (descriptor.option(name).map(ConfigOption::isSecret).orElse(false)) {
                    config.findSecret(name).map(Secret::reveal).filter(v -> !v.isEmpty()).ifPresent(secrets::add);
                }
            }
            secrets.sort(Comparator.comparingInt(String::length).reversed());
        }

        @Override
        public ProviderDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public InstantSource clock() {
            return clock;
        }

        @Override
        public HttpTransport http() {
            return http;
        }

        @Override
        public JsonProvider json() {
            return JsonProvider.provider();
        }

        @Override
        public System.Logger logger() {
            return System.getLogger("dev.tokenkit.provider." + descriptor.id());
        }

        @Override
        public String redact(String text) {
            if (text == null) {
                return null;
            }
            String out = text;
            for (String s : secrets) {
                out = out.replace(s, "****");
            }
            return out;
        }

        @Override
        public String toString() {
            return "OfflineProviders.Context[" + descriptor.id() + "]";
        }
    }
}
