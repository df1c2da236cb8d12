package dev.tokenkit.testsupport;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.spi.JsonFields;
import dev.tokenkit.spi.JsonTokenProvider;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import jakarta.json.JsonObject;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small provider in the shape of a real vendor's: {@code POST {base-url}/oauth/token} with JSON
 * body {@code {"id": app-id, "secret": app-secret}}, answer {@code {"token": ..., "ttl": seconds,
 * "type": optional}}.
 */
public final class TestTokenFactory implements TokenProviderFactory {
    public static final String PATH = "/oauth/token";

    private final String id;
    private final ProviderDescriptor descriptor;

    /** A factory whose {@code base-url} option is required. */
    public TestTokenFactory(String id) {
        this(id, null);
    }

    /** A factory whose {@code base-url} defaults to the given URI (when not null). */
    public TestTokenFactory(String id, URI defaultBaseUrl) {
        this.id = id;
        ConfigOption.Builder base = ConfigOption.builder("base-url", ConfigOption.Type.URI)
                .description("Where the token endpoint lives.");
        if (defaultBaseUrl == null) {
            base.required();
        } else {
            base.defaultValue(defaultBaseUrl.toString());
        }
        this.descriptor = ProviderDescriptor.builder(id)
                .displayName("Test " + id)
                .option(base.build())
                .option(ConfigOption.builder("app-id", ConfigOption.Type.STRING).required()
                        .description("The application id.").build())
                .option(ConfigOption.builder("app-secret", ConfigOption.Type.STRING).required().secret()
                        .description("The application secret.").build())
                .build();
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public TokenProvider create(ProviderConfig config, ProviderContext context) {
        return new Provider(config, context);
    }

    static final class Provider extends JsonTokenProvider {
        private final URI endpoint;
        private final String appId;
        private final Secret appSecret;

        Provider(ProviderConfig config, ProviderContext context) {
            super(context);
            this.endpoint = config.uri("base-url", PATH);
            this.appId = config.string("app-id");
            this.appSecret = config.secret("app-secret");
        }

        @Override
        protected TokenRequest request() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", appId);
            body.put("secret", appSecret);
            return TokenRequest.post(endpoint).header("Accept", "application/json").jsonBody(body).build();
        }

        @Override
        protected AccessToken parse(JsonObject body, TokenResponse response) {
            return token(JsonFields.requireString(body, "token"))
                    .type(JsonFields.optionalString(body, "type").orElse(null))
                    .expiresIn(JsonFields.lifetime(body, "ttl").orElse(null))
                    .build();
        }
    }
}
