package dev.tokenkit.testkit.sample;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.spi.JsonTokenProvider;
import dev.tokenkit.spi.OAuth2TokenResponse;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import jakarta.json.JsonObject;

import java.net.URI;
import java.util.Map;

/**
 * A complete third-party provider for a standard OAuth 2.0 client-credentials endpoint; the
 * snippets of docs/writing-a-provider.md are taken from this file. (A real provider module also
 * annotates the factory with {@code @AutoService(TokenProviderFactory.class)}; the testkit's own
 * tests register it in src/test/resources/META-INF/services.)
 */
public final class SampleTokenProviderFactory implements TokenProviderFactory {
    // snippet:descriptor
    static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder("sample")
            .displayName("Sample OAuth 2.0")
            .description("A client-credentials token endpoint at {base-url}/oauth/token.")
            .option(ConfigOption.builder("base-url", ConfigOption.Type.URI).required()
                    .description("Base URL of the token service.").build())
            .option(ConfigOption.builder("client-id", ConfigOption.Type.STRING).required()
                    .description("OAuth 2.0 client id.").build())
            .option(ConfigOption.builder("client-secret", ConfigOption.Type.STRING).required().secret()
                    .description("OAuth 2.0 client secret.").build())
            .build();

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TokenProvider create(ProviderConfig config, ProviderContext context) {
        return new SampleTokenProvider(config, context);
    }
    // end:descriptor

    // snippet:provider
    static class SampleTokenProvider extends JsonTokenProvider {
        private final URI endpoint;
        private final String clientId;
        private final Secret clientSecret;

        SampleTokenProvider(ProviderConfig config, ProviderContext context) {
            super(context);
            this.endpoint = config.uri("base-url", "/oauth/token");
            this.clientId = config.string("client-id");
            this.clientSecret = config.secret("client-secret");
        }

        @Override
        protected TokenRequest request() {
            return TokenRequest.post(endpoint)
                    .clientSecretBasic(clientId, clientSecret)
                    .formBody(Map.of("grant_type", "client_credentials"))
                    .build();
        }

        @Override
        protected AccessToken parse(JsonObject body, TokenResponse response) {
            return OAuth2TokenResponse.parse(body, context().clock().instant());
        }
    }
    // end:provider
}
