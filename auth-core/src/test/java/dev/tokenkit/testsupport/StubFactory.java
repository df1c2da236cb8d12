package dev.tokenkit.testsupport;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;

import java.util.function.BiFunction;

/** A factory for registry tests: a fixed descriptor (and so id), and a pluggable create(). */
public class StubFactory implements TokenProviderFactory {
    private final ProviderDescriptor descriptor;
    private final BiFunction<ProviderConfig, ProviderContext, TokenProvider> create;

    public StubFactory(String id) {
        this(ProviderDescriptor.builder(id).option(ConfigOption.builder("app-secret", ConfigOption.Type.STRING)
                .secret().build()).build(), (config, context) -> new Fixed(id));
    }

    public StubFactory(ProviderDescriptor descriptor, BiFunction<ProviderConfig, ProviderContext, TokenProvider> create) {
        this.descriptor = descriptor;
        this.create = create;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public TokenProvider create(ProviderConfig config, ProviderContext context) {
        return create.apply(config, context);
    }

    /** A provider that answers a fixed token without any I/O. */
    public record Fixed(String id) implements TokenProvider {
        @Override
        public AccessToken fetch() {
            return AccessToken.builder("fixed-" + id).build();
        }
    }
}
