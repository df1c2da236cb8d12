package dev.tokenkit.lifecycle;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.spi.JsonFields;
import dev.tokenkit.spi.JsonTokenProvider;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import dev.tokenkit.testsupport.LoopbackServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.InstantSource;
import java.util.Map;

/**
 * A minimal real provider on {@link JsonTokenProvider}: {@code POST {base-url}/token}, answer
 * {@code {"access_token": …, "expires_in": …}} (seconds, optional).
 */
final class JsonTestProviderFactory implements TokenProviderFactory {
    static final String ID = "lifecycle-json";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .displayName("Lifecycle test provider")
            .description("A minimal JSON token endpoint for the lifecycle tests.")
            .option(ConfigOption.builder("base-url", ConfigOption.Type.URI).required()
                    .description("Base URL of the token endpoint.").build())
            .build();

    /** A real provider against the loopback server, on the given clock. */
    static TokenProvider against(LoopbackServer server, InstantSource clock) {
        return TokenProviders.of(new JsonTestProviderFactory()).withClock(clock).provider(ID,
                ProviderConfig.builder().put("base-url", server.uri().toString()).build());
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TokenProvider create(ProviderConfig config, ProviderContext context) {
        URI endpoint = config.uri("base-url", "/token");
        return new JsonTokenProvider(context) {
            @Override
            protected TokenRequest request() {
                return TokenRequest.post(endpoint).jsonBody(Map.of("grant_type", "client_credentials")).build();
            }

            @Override
            protected AccessToken parse(JsonObject body, TokenResponse response) {
                return token(JsonFields.requireString(body, "access_token"))
                        .expiresIn(JsonFields.lifetime(body, "expires_in").orElse(null))
                        .build();
            }
        };
    }
}
