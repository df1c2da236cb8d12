package dev.tokenkit.symbl;

import com.google.auto.service.AutoService;
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
 * The Symbl.ai provider, id {@code symbl}.
 *
 * <p>Sends {@code POST {base-url}/oauth2/token:generate} with
 * {@code {"type":"application","appId":…,"appSecret":…}} and reads
 * {@code {"accessToken":…,"expiresIn":…}} (seconds). Symbl caches tokens server-side: asked again
 * before expiry it returns the same token with the <em>remaining</em> lifetime, so the lifetime
 * reported is always the one the server gave, never an assumed 86400 seconds.
 */
@AutoService(TokenProviderFactory.class)
public final class SymblTokenProviderFactory implements TokenProviderFactory {
    /** The provider id. */
    static final String ID = "symbl";
    /** Option: the Symbl app ID. */
    static final String APP_ID = "app-id";
    /** Option: the Symbl app secret. */
    static final String APP_SECRET = "app-secret";
    /** Option: the API base URL. */
    static final String BASE_URL = "base-url";
    /** Symbl's production API. */
    static final String DEFAULT_BASE_URL = "https://api.symbl.ai";
    /** The token endpoint's path. */
    static final String TOKEN_PATH = "/oauth2/token:generate";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .displayName("Symbl.ai")
            .description("Symbl.ai conversation intelligence APIs: app ID and secret exchanged for a"
                    + " 24-hour JWT access token.")
            .option(ConfigOption.builder(APP_ID, ConfigOption.Type.STRING).required()
                    .description("App ID from the Symbl Platform home page.").build())
            .option(ConfigOption.builder(APP_SECRET, ConfigOption.Type.STRING).required().secret()
                    .description("App secret from the Symbl Platform home page.").build())
            .option(ConfigOption.builder(BASE_URL, ConfigOption.Type.URI).defaultValue(DEFAULT_BASE_URL)
                    .description("Base URL of the Symbl API.").build())
            .build();

    /** Creates the factory (called by {@link java.util.ServiceLoader}). */
    public SymblTokenProviderFactory() {
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TokenProvider create(ProviderConfig config, ProviderContext context) {
        return new SymblTokenProvider(config, context);
    }

    /** One Symbl token request per fetch. */
    static final class SymblTokenProvider extends JsonTokenProvider {
        private final URI endpoint;
        private final String appId;
        private final Secret appSecret;

        SymblTokenProvider(ProviderConfig config, ProviderContext context) {
            super(context);
            this.endpoint = config.uri(BASE_URL, TOKEN_PATH);
            this.appId = config.string(APP_ID);
            this.appSecret = config.secret(APP_SECRET);
        }

        @Override
        protected TokenRequest request() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "application");
            body.put("appId", appId);
            body.put("appSecret", appSecret);
            return TokenRequest.post(endpoint)
                    .header("Accept", "application/json")
                    .jsonBody(body)
                    .build();
        }

        @Override
        protected AccessToken parse(JsonObject body, TokenResponse response) {
            return token(JsonFields.requireString(body, "accessToken"))
                    .expiresIn(JsonFields.lifetime(body, "expiresIn").orElse(null))
                    .build();
        }

        @Override
        protected String errorHint(TokenResponse response, JsonObject body) {
            // The meanings Symbl's documentation gives its statuses.
            switch (response.status()) {
                case 400: return "Symbl: bad request; the body must carry type, appId and appSecret";
                case 401: return "Symbl: the app ID and secret combination is invalid";
                case 404: return "Symbl: not found; check base-url (default " + DEFAULT_BASE_URL + ")";
                case 429: return "Symbl: too many concurrent requests; wait for some to complete";
                case 500: return "Symbl: server error; contact support@symbl.ai if it persists";
                default: return "";
            }
        }

        @Override
        public String toString() {
            return "SymblTokenProvider[" + endpoint + ", app-id=" + appId + "]";
        }
    }
}
