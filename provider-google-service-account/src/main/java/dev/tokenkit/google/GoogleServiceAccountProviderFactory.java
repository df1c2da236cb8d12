package dev.tokenkit.google;

import com.google.auto.service.AutoService;
import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.internal.keys.CredentialKeys;
import dev.tokenkit.internal.keys.KeyMaterial;
import dev.tokenkit.oauth2.jwt.JwsOptions;
import dev.tokenkit.oauth2.jwt.JwtSigner;
import dev.tokenkit.spi.CredentialKeyed;
import dev.tokenkit.spi.JsonTokenProvider;
import dev.tokenkit.spi.OAuth2Error;
import dev.tokenkit.spi.OAuth2TokenResponse;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Google service-account provider, id {@code google-service-account}: the job of
 * google-auth-library-java's {@code ServiceAccountCredentials}.
 *
 * <p>Each fetch signs a new assertion with the key file's private key (RS256, header {@code kid}
 * = {@code private_key_id}): {@code iss} = {@code client_email}, {@code scope} (the scopes joined
 * by spaces), {@code aud} = the token endpoint, {@code iat} = now, {@code exp} = {@code iat} +
 * 3600 s (Google's maximum), and {@code sub} = the user to act for (domain-wide delegation) when
 * {@code subject} is set. It sends {@code POST {token-uri}} with the form
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…} (RFC 7523 §2.1) and
 * reads {@code access_token}, {@code expires_in} and {@code token_type}. Google's
 * {@code invalid_grant} (a deleted key, a wrong signature, a clock far off) is
 * {@link InvalidCredentialsException}.
 */
@AutoService(TokenProviderFactory.class)
public final class GoogleServiceAccountProviderFactory implements TokenProviderFactory {
    /** The provider id. */
    static final String ID = "google-service-account";
    /** Option: the service-account key file (JSON). */
    static final String KEY_FILE = "key-file";
    /** Option: the key file's content (JSON), a secret, instead of {@link #KEY_FILE}. */
    static final String KEY_JSON = "key-json";
    /** Option: the OAuth scopes, separated by spaces or commas. */
    static final String SCOPES = "scopes";
    /** Option: the user to act for (domain-wide delegation). */
    static final String SUBJECT = "subject";
    /** Option: the token endpoint, overriding the key file's {@code token_uri}. */
    static final String TOKEN_URI = "token-uri";
    /** Google's token endpoint, when the key file names none. */
    static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
    /** The grant (RFC 7523 §2.1). */
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** The lifetime of an assertion: Google's maximum, one hour. */
    static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    /** Options that only locate the key: in a shared store, the key's fingerprint stands for them. */
    private static final Set<String> KEY_LOCATORS = Set.of(KEY_FILE, KEY_JSON);

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .displayName("Google service account")
            .description("Google access tokens for a service account: a JWT signed with the key file's private key"
                    + " exchanged at Google's token endpoint (the JWT bearer grant, RFC 7523).")
            .option(ConfigOption.builder(KEY_FILE, ConfigOption.Type.STRING)
                    .description("Path of the service account's JSON key file (client_email, private_key, private_key_id,"
                            + " token_uri); keep it readable by its owner only. This or key-json.").build())
            .option(ConfigOption.builder(KEY_JSON, ConfigOption.Type.STRING).secret()
                    .description("The key file's content (JSON), e.g. from a secret store's environment variable."
                            + " This or key-file.").build())
            .option(ConfigOption.builder(SCOPES, ConfigOption.Type.STRING).required()
                    .description("OAuth scopes, separated by spaces or commas, e.g."
                            + " https://www.googleapis.com/auth/cloud-platform.").build())
            .option(ConfigOption.builder(SUBJECT, ConfigOption.Type.STRING)
                    .description("Email of the user to act for (domain-wide delegation); none by default.").build())
            .option(ConfigOption.builder(TOKEN_URI, ConfigOption.Type.URI)
                    .description("Token endpoint; default: the key file's token_uri, else " + DEFAULT_TOKEN_URI + ".")
                    .build())
            .build();

    /** Creates the factory (called by {@link java.util.ServiceLoader}). */
    public GoogleServiceAccountProviderFactory() {
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TokenProvider create(ProviderConfig config, ProviderContext context) {
        ServiceAccountKey key = key(config);
        String scopes = String.join(" ", Arrays.stream(config.string(SCOPES).split("[ ,]")).filter(s -> !s.isEmpty())
                .toList());
        if (scopes.isEmpty()) {
            throw new ProviderConfigurationException(ID, "option '" + SCOPES + "' names no scope; give at least one,"
                    + " e.g. https://www.googleapis.com/auth/cloud-platform");
        }
        URI endpoint = config.has(TOKEN_URI) ? config.uri(TOKEN_URI)
                : key.tokenUri().orElse(URI.create(DEFAULT_TOKEN_URI));
        JwtSigner signer;
        try {
            signer = JwtSigner.of(key.key(), JwsOptions.builder().algorithm("RS256").keyId(key.privateKeyId())
                    .type("JWT").build());
        } catch (IllegalArgumentException e) {
            throw new ProviderConfigurationException(ID, "option '" + KEY_FILE + "': " + e.getMessage());
        }
        return new JwtBearerProvider(context, endpoint, key.clientEmail(), scopes, config.find(SUBJECT), key.key(),
                signer);
    }

    private static ServiceAccountKey key(ProviderConfig config) {
        if (config.has(KEY_FILE) == config.has(KEY_JSON)) {
            throw new ProviderConfigurationException(ID, config.has(KEY_FILE)
                    ? "options '" + KEY_FILE + "' and '" + KEY_JSON + "' are both set; give the key one way"
                    : "no service-account key: set option '" + KEY_FILE + "' (the JSON key file's path) or '" + KEY_JSON
                            + "' (its content)");
        }
        return config.has(KEY_FILE) ? ServiceAccountKey.read(ID, KEY_FILE, Path.of(config.string(KEY_FILE)))
                : ServiceAccountKey.parse(ID, KEY_JSON, config.secret(KEY_JSON).reveal());
    }

    /**
     * One JWT bearer grant request per fetch, with an assertion signed for it; in a shared store,
     * named after the service account's key.
     */
    static final class JwtBearerProvider extends JsonTokenProvider implements CredentialKeyed {
        private final URI endpoint;
        private final String clientEmail;
        private final String scopes;
        private final Optional<String> subject;
        private final KeyMaterial key;
        private final JwtSigner signer;

        JwtBearerProvider(ProviderContext context, URI endpoint, String clientEmail, String scopes,
                          Optional<String> subject, KeyMaterial key, JwtSigner signer) {
            super(context);
            this.endpoint = endpoint;
            this.clientEmail = clientEmail;
            this.scopes = scopes;
            this.subject = subject;
            this.key = key;
            this.signer = signer;
        }

        /**
         * Every option but {@code key-file} and {@code key-json}, plus the key's fingerprint: the same
         * key anywhere is one identity; the store's encryption key comes from the private key.
         */
        @Override
        public TokenKey tokenKey(ProviderConfig config) {
            return CredentialKeys.of(id(), config, KEY_LOCATORS, key);
        }

        @Override
        protected TokenRequest request() {
            long now = context().clock().instant().getEpochSecond();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", clientEmail);
            claims.put("scope", scopes);
            claims.put("aud", endpoint.toString());
            claims.put("iat", now);
            claims.put("exp", now + ASSERTION_LIFETIME.toSeconds());
            subject.ifPresent(user -> claims.put("sub", user));
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("grant_type", GRANT_TYPE);
            // a bearer credential until it expires: a Secret, never shown
            form.put("assertion", Secret.of(signer.sign(claims)));
            return TokenRequest.post(endpoint).header("Accept", "application/json").formBody(form).build();
        }

        @Override
        protected AccessToken parse(JsonObject body, TokenResponse response) {
            return OAuth2TokenResponse.parse(body, context().clock().instant());
        }

        /** Google's {@code invalid_grant}: the key or the assertion was refused, so the credentials are wrong. */
        @Override
        protected TokenException errorFor(TokenResponse response, JsonObject body) {
            Optional<OAuth2Error> error = OAuth2Error.of(response, body);
            if (error.flatMap(OAuth2Error::code).filter("invalid_grant"::equals).isEmpty()) {
                return super.errorFor(response, body);
            }
            String description = error.flatMap(OAuth2Error::description).map(d -> " (" + sanitize(d) + ")").orElse("");
            return new InvalidCredentialsException(id(), response.status(), "invalid credentials (HTTP "
                    + response.status() + " from POST " + safe(response.uri()) + "): Google answers invalid_grant"
                    + description + ", refusing the service account's assertion; check that the key in option '"
                    + KEY_FILE + "' is current (not deleted or disabled) and this machine's clock is right");
        }

        @Override
        public String toString() {
            return "JwtBearerProvider[" + endpoint + ", " + clientEmail + ", " + signer + "]";
        }
    }
}
