package dev.tokenkit.oauth2;

import com.google.auto.service.AutoService;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;

/**
 * The OAuth 2.0 client credentials provider, id {@code oauth2}: a token from any standard token
 * endpoint (RFC 6749 §4.4), such as Auth0's, Okta's, Keycloak's or Entra ID's.
 *
 * <p>Each fetch sends one {@code POST} to the token endpoint with the form
 * {@code grant_type=client_credentials} (plus {@code scope}, {@code audience}, one
 * {@code resource} per resource indicator, and the extra parameters) and
 * {@code Accept: application/json}; the client authenticates with HTTP Basic (the default) or
 * with {@code client_id} and {@code client_secret} in the form. The token endpoint is either
 * configured ({@code token-url}) or discovered once from the issuer's RFC 8414 metadata
 * ({@code issuer}), on the first fetch: {@link #create(ProviderConfig, ProviderContext)} sends
 * nothing. The answer is read as RFC 6749 §5.1 says ({@code token_type} in any case,
 * {@code expires_in} optional); RFC 6749 §5.2 errors map to tokenkit's exceptions
 * ({@code invalid_client} is invalid credentials).
 */
@AutoService(TokenProviderFactory.class)
public final class OAuth2TokenProviderFactory implements TokenProviderFactory {
    /** The provider id. */
    static final String ID = "oauth2";
    /** Option: the token endpoint. */
    static final String TOKEN_URL = "token-url";
    /** Option: the issuer identifier whose metadata names the token endpoint. */
    static final String ISSUER = "issuer";
    /** Option: the client id. */
    static final String CLIENT_ID = "client-id";
    /** Option: the client secret. */
    static final String CLIENT_SECRET = "client-secret";
    /** Option: the scopes to request, space-separated. */
    static final String SCOPE = "scope";
    /** Option: the audience to request (Auth0 and others). */
    static final String AUDIENCE = "audience";
    /** Option: resource indicators (RFC 8707), space-separated absolute URIs. */
    static final String RESOURCE = "resource";
    /** Option: more form parameters, form-encoded. */
    static final String EXTRA_PARAMS = "extra-params";
    /** Option: the client authentication method. */
    static final String AUTH_METHOD = "auth-method";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .displayName("OAuth 2.0 client credentials")
            .description("Any standard OAuth 2.0 token endpoint (RFC 6749 section 4.4: Auth0, Okta, Keycloak, Entra ID"
                    + " and others): a client id and secret exchanged for an access token. The token endpoint is"
                    + " configured, or discovered once from the issuer's RFC 8414 metadata.")
            .option(ConfigOption.builder(TOKEN_URL, ConfigOption.Type.URI)
                    .description("Token endpoint, e.g. https://example.auth0.com/oauth/token. Set this or issuer,"
                            + " not both.").build())
            .option(ConfigOption.builder(ISSUER, ConfigOption.Type.URI)
                    .description("Issuer identifier, e.g. https://example.okta.com/oauth2/default: the token endpoint"
                            + " is read from its RFC 8414 metadata (or OpenID Connect discovery) on the first fetch."
                            + " Set this or token-url, not both.").build())
            .option(ConfigOption.builder(CLIENT_ID, ConfigOption.Type.STRING).required()
                    .description("Client id registered at the authorization server.").build())
            .option(ConfigOption.builder(CLIENT_SECRET, ConfigOption.Type.STRING).required().secret()
                    .description("Client secret.").build())
            .option(ConfigOption.builder(SCOPE, ConfigOption.Type.STRING)
                    .description("Scopes to request, separated by spaces (RFC 6749 section 3.3); not sent when not"
                            + " set, so the server grants its default.").build())
            .option(ConfigOption.builder(AUDIENCE, ConfigOption.Type.STRING)
                    .description("Audience to request, sent as the audience parameter (Auth0 and others).").build())
            .option(ConfigOption.builder(RESOURCE, ConfigOption.Type.STRING)
                    .description("Resource indicators (RFC 8707): absolute URIs without a fragment, separated by"
                            + " spaces; each is sent as a resource parameter.").build())
            .option(ConfigOption.builder(EXTRA_PARAMS, ConfigOption.Type.STRING)
                    .description("More form parameters, form-encoded: name=value&name2=value2. Parameters the grant"
                            + " sends itself are refused; put no secret here.").build())
            .option(ConfigOption.builder(AUTH_METHOD, ConfigOption.Type.STRING)
                    .defaultValue(ClientAuthMethod.CLIENT_SECRET_BASIC.optionValue())
                    .description("How the client authenticates: client_secret_basic (HTTP Basic, RFC 6749 section"
                            + " 2.3.1) or client_secret_post (client_id and client_secret in the form body).").build())
            .build();

    /** Creates the factory (called by {@link java.util.ServiceLoader}). */
    public OAuth2TokenProviderFactory() {
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * Checks the options and creates the provider; sends nothing (a configured issuer is
     * discovered on the first fetch).
     *
     * @throws dev.tokenkit.ProviderConfigurationException naming every bad option and its fix
     */
    @Override
    public TokenProvider create(ProviderConfig config, ProviderContext context) {
        return new OAuth2TokenProvider(OAuth2Settings.from(config, context.descriptor()), context);
    }
}
