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
 * {@code Accept: application/json}; the client authenticates with HTTP Basic (the default),
 * with {@code client_id} and {@code client_secret} in the form, or with an RFC 7523 assertion
 * ({@code client_secret_jwt}, {@code private_key_jwt}) signed for every request or read from a
 * file for every request, or with the TLS client certificate of the transport options
 * ({@code tls_client_auth}, {@code self_signed_tls_client_auth}, RFC 8705), {@code client_id}
 * alone in the form. The token endpoint is either
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
    /** Option: the PEM private key file (private_key_jwt). */
    static final String PRIVATE_KEY = "private-key-file";
    /** Option: the password of an encrypted PEM private key. */
    static final String PRIVATE_KEY_PASSWORD = "private-key-password";
    /** Option: the PEM certificate chain of the private key. */
    static final String CERTIFICATE = "certificate-file";
    /** Option: a PKCS#12 keystore with the private key and its certificate chain. */
    static final String KEY_STORE = "key-store";
    /** Option: the keystore's password. */
    static final String KEY_STORE_PASSWORD = "key-store-password";
    /** Option: the keystore entry. */
    static final String KEY_STORE_ALIAS = "key-store-alias";
    /** Option: a file holding an assertion made elsewhere, read for every request. */
    static final String CLIENT_ASSERTION_FILE = "client-assertion-file";
    /** Option: an assertion made elsewhere (from Java: a supplier asked for every request). */
    static final String CLIENT_ASSERTION = "client-assertion";
    /** Option: the lifetime of a signed assertion. */
    static final String ASSERTION_LIFETIME = "assertion-lifetime";
    /** Option: the audience of a signed assertion. */
    static final String ASSERTION_AUDIENCE = "assertion-audience";
    /** Option: the JWS algorithm of a signed assertion. */
    static final String ASSERTION_ALGORITHM = "assertion-algorithm";
    /** Option: the kid header of a signed assertion. */
    static final String ASSERTION_KID = "assertion-kid";
    /** Option: send the x5t header. */
    static final String ASSERTION_X5T = "assertion-x5t";
    /** Option: send the x5t#S256 header. */
    static final String ASSERTION_X5T_S256 = "assertion-x5t-s256";
    /** Option: send the x5c header. */
    static final String ASSERTION_X5C = "assertion-x5c";
    /** Option: send the nbf claim. */
    static final String ASSERTION_NBF = "assertion-nbf";
    /** Option: more claims, a JSON object. */
    static final String ASSERTION_CLAIMS = "assertion-claims";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .displayName("OAuth 2.0 client credentials")
            .description("Any standard OAuth 2.0 token endpoint (RFC 6749 section 4.4: Auth0, Okta, Keycloak, Entra ID"
                    + " and others): a client id and secret, key or TLS client certificate exchanged for an access"
                    + " token. The token endpoint is"
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
            .option(ConfigOption.builder(CLIENT_SECRET, ConfigOption.Type.STRING).secret()
                    .description("Client secret: for client_secret_basic, client_secret_post and client_secret_jwt"
                            + " (HS256 needs at least 32 bytes).").build())
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
                            + " 2.3.1), client_secret_post (client_id and client_secret in the form body),"
                            + " client_secret_jwt (an assertion signed with the client secret), private_key_jwt (an"
                            + " assertion signed with private-key-file or key-store, or read from client-assertion-file;"
                            + " RFC 7523), tls_client_auth or self_signed_tls_client_auth (mutual TLS with the"
                            + " certificate of the transport options tls-client-certificate and tls-client-key, or"
                            + " tls-client-keystore; RFC 8705).").build())
            .option(ConfigOption.builder(PRIVATE_KEY, ConfigOption.Type.STRING)
                    .description("private_key_jwt: PEM file with the private key (PKCS#8, encrypted PKCS#8, PKCS#1"
                            + " RSA or SEC1 EC), and optionally its certificate chain.").build())
            .option(ConfigOption.builder(PRIVATE_KEY_PASSWORD, ConfigOption.Type.STRING).secret()
                    .description("Password of an encrypted private-key-file.").build())
            .option(ConfigOption.builder(CERTIFICATE, ConfigOption.Type.STRING)
                    .description("PEM file with the certificate chain of private-key-file, leaf first (for the x5t,"
                            + " x5t#S256 and x5c headers); checked to match the key and to be valid.").build())
            .option(ConfigOption.builder(KEY_STORE, ConfigOption.Type.STRING)
                    .description("private_key_jwt: PKCS#12 keystore with the private key and its certificate chain"
                            + " (instead of private-key-file).").build())
            .option(ConfigOption.builder(KEY_STORE_PASSWORD, ConfigOption.Type.STRING).secret()
                    .description("Password of key-store (and of its key entry).").build())
            .option(ConfigOption.builder(KEY_STORE_ALIAS, ConfigOption.Type.STRING)
                    .description("Entry of key-store; needed when it holds several private keys.").build())
            .option(ConfigOption.builder(CLIENT_ASSERTION_FILE, ConfigOption.Type.STRING)
                    .description("private_key_jwt with an assertion made elsewhere (e.g. a Kubernetes-projected"
                            + " service account token): the file is read again for every request.").build())
            .option(ConfigOption.builder(CLIENT_ASSERTION, ConfigOption.Type.STRING).secret()
                    .description("private_key_jwt with an assertion made elsewhere; from Java, put a supplier"
                            + " (ProviderConfig.Builder.putSecret(name, Supplier)) to be asked for every request.")
                    .build())
            .option(ConfigOption.builder(ASSERTION_LIFETIME, ConfigOption.Type.DURATION).defaultValue("60s")
                    .description("Lifetime of a signed assertion: exp = iat + this.").build())
            .option(ConfigOption.builder(ASSERTION_AUDIENCE, ConfigOption.Type.STRING)
                    .defaultValue(AssertionOptions.AUDIENCE_TOKEN_ENDPOINT)
                    .description("aud of a signed assertion: token-endpoint (the token endpoint's URL, what Entra ID"
                            + " and Okta want), issuer (the issuer option, what FAPI 2.0 servers want) or a literal"
                            + " value.").build())
            .option(ConfigOption.builder(ASSERTION_ALGORITHM, ConfigOption.Type.STRING)
                    .description("JWS algorithm of a signed assertion: RS256 (default for RSA keys), RS384, RS512,"
                            + " PS256, PS384, PS512, ES256/ES384/ES512 (by the EC key's curve, the default), EdDSA"
                            + " (Ed25519 keys), HS256 (default for client_secret_jwt), HS384, HS512.").build())
            .option(ConfigOption.builder(ASSERTION_KID, ConfigOption.Type.STRING)
                    .description("kid header of a signed assertion: the key id registered at the server, or"
                            + " 'thumbprint' for the public key's RFC 7638 thumbprint; not sent when not set.").build())
            .option(ConfigOption.builder(ASSERTION_X5T, ConfigOption.Type.BOOLEAN).defaultValue("false")
                    .description("Send x5t, the base64url SHA-1 thumbprint of the certificate (Entra ID needs it)."
                            + " Needs the certificate.").build())
            .option(ConfigOption.builder(ASSERTION_X5T_S256, ConfigOption.Type.BOOLEAN).defaultValue("false")
                    .description("Send x5t#S256, the base64url SHA-256 thumbprint of the certificate.").build())
            .option(ConfigOption.builder(ASSERTION_X5C, ConfigOption.Type.BOOLEAN).defaultValue("false")
                    .description("Send x5c, the certificate chain.").build())
            .option(ConfigOption.builder(ASSERTION_NBF, ConfigOption.Type.BOOLEAN).defaultValue("false")
                    .description("Send nbf = iat in a signed assertion.").build())
            .option(ConfigOption.builder(ASSERTION_CLAIMS, ConfigOption.Type.STRING)
                    .description("More claims of a signed assertion, a JSON object, e.g. {\"tenant\":\"t1\"};"
                            + " iss, sub, aud, iat, exp, jti and nbf are set by tokenkit.").build())
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
        return new OAuth2TokenProvider(OAuth2Settings.from(config, context.descriptor(), context.clock(),
                context.clientCertificate()), context);
    }
}
