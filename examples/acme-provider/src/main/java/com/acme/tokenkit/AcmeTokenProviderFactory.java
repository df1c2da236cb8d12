package com.acme.tokenkit;

import com.google.auto.service.AutoService;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Acme's OAuth 2.0 token endpoint (RFC 6749 §4.4, client credentials), as tokenkit provider {@code acme}. */
@AutoService(TokenProviderFactory.class)
public final class AcmeTokenProviderFactory implements TokenProviderFactory {
    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder("acme")
            .displayName("Acme OAuth 2.0")
            .description("Acme's client-credentials token endpoint at {base-url}/oauth2/token.")
            .option(ConfigOption.builder("base-url", ConfigOption.Type.URI).defaultValue("https://login.acme.example")
                    .description("Base URL of Acme's authorization server.").build())
            .option(ConfigOption.builder("client-id", ConfigOption.Type.STRING).required()
                    .description("OAuth 2.0 client id.").build())
            .option(ConfigOption.builder("client-secret", ConfigOption.Type.STRING).required().secret()
                    .description("OAuth 2.0 client secret.").build())
            .option(ConfigOption.builder("scope", ConfigOption.Type.STRING)
                    .description("Space-separated scopes to request; none by default.").build())
            .build();

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TokenProvider create(ProviderConfig config, ProviderContext context) {
        return new AcmeTokenProvider(config, context);
    }

    /** One token request: HTTP Basic client authentication, a form body; RFC 6749 §5.2 errors are mapped by the SPI. */
    static final class AcmeTokenProvider extends JsonTokenProvider {
        private final URI endpoint;
        private final String clientId;
        private final Secret clientSecret;
        private final Optional<String> scope;

        AcmeTokenProvider(ProviderConfig config, ProviderContext context) {
            super(context);
            this.endpoint = config.uri("base-url", "/oauth2/token");
            this.clientId = config.string("client-id");
            this.clientSecret = config.secret("client-secret");
            this.scope = config.find("scope");
        }

        @Override
        protected TokenRequest request() {
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            scope.ifPresent(s -> form.put("scope", s));
            return TokenRequest.post(endpoint).clientSecretBasic(clientId, clientSecret).formBody(form).build();
        }

        @Override
        protected AccessToken parse(JsonObject body, TokenResponse response) {
            return OAuth2TokenResponse.parse(body, context().clock().instant());
        }
    }
}
