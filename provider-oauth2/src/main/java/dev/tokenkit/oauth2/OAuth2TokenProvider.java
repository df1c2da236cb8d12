package dev.tokenkit.oauth2;

import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.AUTH_METHOD;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.CERTIFICATE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE_ALIAS;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE_PASSWORD;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.PRIVATE_KEY;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.PRIVATE_KEY_PASSWORD;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.RESOURCE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.SCOPE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.TOKEN_URL;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.internal.keys.CredentialKeys;
import dev.tokenkit.internal.keys.TransportKeys;
import dev.tokenkit.spi.CredentialKeyed;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.spi.JsonTokenProvider;
import dev.tokenkit.spi.OAuth2Error;
import dev.tokenkit.spi.OAuth2TokenResponse;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import jakarta.json.JsonObject;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One client credentials token request per fetch (RFC 6749 §4.4.2), after a one-time discovery
 * of the token endpoint when an issuer is configured.
 */
final class OAuth2TokenProvider extends JsonTokenProvider implements CredentialKeyed {
    /** Options that only locate or unlock the signing key: the key's fingerprint stands for them. */
    private static final Set<String> KEY_LOCATORS = Set.of(PRIVATE_KEY, PRIVATE_KEY_PASSWORD, CERTIFICATE, KEY_STORE,
            KEY_STORE_PASSWORD, KEY_STORE_ALIAS);

    private final OAuth2Settings settings;
    /** Finds the token endpoint when {@code issuer} is configured; {@code null} with {@code token-url}. */
    private final IssuerDiscovery discovery;

    OAuth2TokenProvider(OAuth2Settings settings, ProviderContext context) {
        super(context);
        this.settings = settings;
        this.discovery = settings.tokenUrl == null ? new IssuerDiscovery(settings, context) : null;
    }

    @Override
    protected TokenRequest request() {
        URI endpoint = discovery == null ? settings.tokenUrl : discovery.tokenEndpoint();
        TokenRequest.Builder request = TokenRequest.post(endpoint).header("Accept", "application/json");
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        settings.authentication.authenticate(request, form, endpoint);
        if (settings.scope != null) {
            form.put("scope", settings.scope);
        }
        if (settings.audience != null) {
            form.put("audience", settings.audience);
        }
        if (!settings.resources.isEmpty()) {
            form.put("resource", settings.resources);
        }
        form.putAll(settings.extraParams);
        return request.formBody(form).build();
    }

    /**
     * Named after the private key when the client signs with one, or after the TLS client
     * certificate's key when it authenticates with it; else the configuration's key.
     */
    @Override
    public TokenKey tokenKey(ProviderConfig config) {
        return settings.authentication.signingKey().map(key -> CredentialKeys.of(id(), config, KEY_LOCATORS, key))
                .or(() -> settings.authentication.clientCertificate().flatMap(c -> TransportKeys.clientKey(config))
                        .map(key -> CredentialKeys.of(id(), config, TransportKeys.CLIENT_KEY_LOCATORS, key)))
                .orElseGet(() -> TokenKey.of(id(), config));
    }

    @Override
    protected AccessToken parse(JsonObject body, TokenResponse response) {
        return OAuth2TokenResponse.parse(body, context().clock().instant());
    }

    /** What to change, when the answer says it: the auth method, the scope, the grant, the address. */
    @Override
    protected String errorHint(TokenResponse response, JsonObject body) {
        Optional<OAuth2Error> error = OAuth2Error.of(response, body);
        String code = error.flatMap(OAuth2Error::code).orElse("");
        boolean basicChallenge = error.flatMap(OAuth2Error::challengeScheme).filter("Basic"::equalsIgnoreCase).isPresent();
        if (settings.authMethod == ClientAuthMethod.CLIENT_SECRET_POST && response.status() == 401 && basicChallenge) {
            return "the server asks for HTTP Basic: set " + AUTH_METHOD + "=client_secret_basic";
        }
        if (settings.authMethod == ClientAuthMethod.CLIENT_SECRET_BASIC && code.equals("invalid_client")
                && !basicChallenge) {
            return "if the id and secret are right, the server may want them in the form body: set " + AUTH_METHOD
                    + "=client_secret_post";
        }
        if (settings.authMethod.usesClientCertificate() && code.equals("invalid_client")) {
            return "check that the TLS client certificate is the one registered for this client at the"
                    + " authorization server";
        }
        switch (code) {
            case "invalid_scope":
                return "check option " + SCOPE + (settings.scope == null ? " (not set: the server has no default)" : "");
            case "invalid_target":
                return "check option " + RESOURCE;
            case "unauthorized_client":
            case "unsupported_grant_type":
                return "allow this client the client credentials grant at the authorization server";
            default:
                break;
        }
        if (response.status() == 404) {
            return discovery == null ? "check option " + TOKEN_URL
                    : "the issuer's metadata named this token endpoint; check the server's configuration";
        }
        return "";
    }

    /** The token endpoint (or the issuer, before discovery) and the client id; never the secret. */
    @Override
    public String toString() {
        String endpoint = discovery == null ? TOKEN_URL + "=" + settings.tokenUrl
                : "issuer=" + settings.issuer + discovery.discovered().map(e -> ", token endpoint " + e).orElse("");
        return "OAuth2TokenProvider[" + endpoint + ", client-id=" + settings.clientId + "]";
    }
}
