package dev.tokenkit.kafka;

import dev.tokenkit.AccessToken;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.TokenSource;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.SaslExtensions;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Kafka's SASL/OAUTHBEARER login with a tokenkit {@link TokenSource}: answers Kafka's
 * {@link OAuthBearerTokenCallback} with the source's current token (shared, cached, refreshed
 * ahead by the source), its expiry as the lifetime, the scope of a JWT's scope claim and a
 * principal: a JWT's {@code sub} claim, or the JAAS option {@code principal} for an opaque token.
 * Kafka's login refresh thread logs in again before the token expires, and each login is a
 * cache read of the source, or its one fetch.
 *
 * <p>Configured through the JAAS options, with the no-argument constructor Kafka calls:
 *
 * <pre>{@code
 * sasl.mechanism=OAUTHBEARER
 * sasl.login.callback.handler.class=dev.tokenkit.kafka.TokenLoginCallbackHandler
 * sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required \
 *     provider="oauth2" issuer="https://login.example.com" client-id="orders" \
 *     client-secret="@/run/secrets/orders-client-secret";
 * }</pre>
 *
 * <p>{@code provider} names the provider; every other option is that provider's, and its options
 * also come from the environment ({@code TOKENKIT_OAUTH2_CLIENT_SECRET}), the JAAS options
 * winning. A value {@code @FILE} is read from the file. {@code principal} names the principal of
 * an opaque token; {@code extension_<name>} options are SASL extensions, as for Kafka's own
 * handler. The JWT claims read are those Kafka's {@code sasl.oauthbearer.sub.claim.name} and
 * {@code sasl.oauthbearer.scope.claim.name} name ({@code sub} and {@code scope} by default).
 *
 * <p>Or handed a source: Kafka creates its handler from a class name, so a subclass with a
 * no-argument constructor passes the source to {@link #TokenLoginCallbackHandler(TokenSource)},
 * and the JAAS line names no provider. Such a handler never closes the source; a handler
 * configured through JAAS closes the source it built when Kafka closes it.
 *
 * <p>When the source has no token, the login fails with an OAuth 2.0 error code and a message that
 * says why and names the provider (Kafka's {@code LoginException}); no message holds a secret or
 * a token. Configuration problems are {@link ConfigException}s from {@link #configure}.
 */
public class TokenLoginCallbackHandler implements AuthenticateCallbackHandler {
    private static final String DEFAULT_SUB_CLAIM = "sub";
    private static final String DEFAULT_SCOPE_CLAIM = "scope";

    private final TokenSource given;
    private volatile Login login;

    /** A handler that builds its token source from the JAAS options ({@code provider=…}). */
    public TokenLoginCallbackHandler() {
        this.given = null;
    }

    /**
     * A handler over a source: the JAAS options name no provider. The handler never closes it.
     *
     * @param source the source of the tokens
     */
    public TokenLoginCallbackHandler(TokenSource source) {
        this.given = Objects.requireNonNull(source, "source");
    }

    /**
     * Reads the JAAS options and Kafka's claim names, and builds the source unless one was given.
     *
     * @param configs           the client's configuration
     * @param saslMechanism     the SASL mechanism: {@code OAUTHBEARER}
     * @param jaasConfigEntries the JAAS login module entry, exactly one
     * @throws ConfigException when the mechanism, the options or the provider's configuration are
     *                         wrong; the message names the problem and its fix
     */
    @Override
    public final void configure(Map<String, ?> configs, String saslMechanism,
                                List<AppConfigurationEntry> jaasConfigEntries) {
        if (!OAuthBearerLoginModule.OAUTHBEARER_MECHANISM.equals(saslMechanism)) {
            throw new ConfigException("tokenkit's TokenLoginCallbackHandler logs in with SASL/OAUTHBEARER only, not "
                    + saslMechanism + ": set sasl.mechanism=OAUTHBEARER");
        }
        if (jaasConfigEntries == null || jaasConfigEntries.size() != 1) {
            throw new ConfigException("tokenkit's TokenLoginCallbackHandler needs exactly one login module in"
                    + " sasl.jaas.config (org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule"
                    + " required ...;), not " + (jaasConfigEntries == null ? 0 : jaasConfigEntries.size()));
        }
        if (login != null) {
            throw new IllegalStateException("this TokenLoginCallbackHandler is configured already");
        }
        LoginOptions options = LoginOptions.parse(jaasConfigEntries.get(0).getOptions(), System.getenv());
        String subClaim = claimName(configs, SaslConfigs.SASL_OAUTHBEARER_SUB_CLAIM_NAME, DEFAULT_SUB_CLAIM);
        String scopeClaim = claimName(configs, SaslConfigs.SASL_OAUTHBEARER_SCOPE_CLAIM_NAME, DEFAULT_SCOPE_CLAIM);
        login = new Login(given == null ? ownSource(options) : givenSource(options), given == null,
                options.principal(), subClaim, scopeClaim, new SaslExtensions(options.extensions()));
    }

    private TokenSource givenSource(LoginOptions options) {
        if (options.providerId().isPresent() || !options.providerOptionNames().isEmpty()) {
            throw new ConfigException("tokenkit's TokenLoginCallbackHandler was handed a token source, so the JAAS"
                    + " options of sasl.jaas.config configure no provider: remove "
                    + (options.providerId().isPresent() ? "provider and " : "") + "the options "
                    + options.providerOptionNames() + " (principal and extension_* options stay)");
        }
        return given;
    }

    private static TokenSource ownSource(LoginOptions options) {
        TokenProviders providers = TokenProviders.load();
        String id = options.providerId().orElseThrow(() -> new ConfigException(
                "tokenkit's TokenLoginCallbackHandler needs the JAAS option provider in sasl.jaas.config, e.g."
                        + " OAuthBearerLoginModule required provider=\"oauth2\" token-url=\"...\" ...; providers found: "
                        + providers.ids()));
        try {
            return providers.source(id, options.providerConfig(id));
        } catch (ProviderConfigurationException e) {
            throw new ConfigException("tokenkit's TokenLoginCallbackHandler cannot configure provider '" + id
                    + "' from sasl.jaas.config and the environment: " + e.getMessage());
        }
    }

    private static String claimName(Map<String, ?> configs, String key, String fallback) {
        Object value = configs == null ? null : configs.get(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString().strip();
    }

    /**
     * Answers Kafka's login: the token callback with the source's token, or an error that says
     * why there is none; the SASL extensions callback with the {@code extension_*} options.
     *
     * @param callbacks the callbacks
     * @throws UnsupportedCallbackException for any other callback
     * @throws IllegalStateException        before {@link #configure} or after {@link #close()}
     */
    @Override
    public final void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        Login current = login;
        if (current == null || current.closed) {
            throw new IllegalStateException("this TokenLoginCallbackHandler is " + (current == null
                    ? "not configured: Kafka calls configure(...) first" : "closed"));
        }
        for (Callback callback : callbacks) {
            if (callback instanceof OAuthBearerTokenCallback tokenCallback) {
                current.answer(tokenCallback);
            } else if (callback instanceof SaslExtensionsCallback extensionsCallback) {
                extensionsCallback.extensions(current.extensions);
            } else {
                throw new UnsupportedCallbackException(callback, "tokenkit's TokenLoginCallbackHandler answers"
                        + " OAuthBearerTokenCallback and SaslExtensionsCallback only");
            }
        }
    }

    /** Closes the token source when the handler built it from the JAAS options; idempotent. */
    @Override
    public final void close() {
        Login current = login;
        if (current != null && !current.closed) {
            current.closed = true;
            if (current.owned) {
                current.source.close();
            }
        }
    }

    @Override
    public String toString() {
        Login current = login;
        return "TokenLoginCallbackHandler[" + (current == null ? "not configured"
                : "provider '" + current.source.providerId() + "', principal "
                + current.principal.map(p -> "'" + p + "'").orElse("from claim '" + current.subClaim + "'")) + "]";
    }

    /** What {@link #configure} decided. */
    private static final class Login {
        final TokenSource source;
        final boolean owned;
        final Optional<String> principal;
        final String subClaim;
        final String scopeClaim;
        final SaslExtensions extensions;
        volatile boolean closed;

        Login(TokenSource source, boolean owned, Optional<String> principal, String subClaim, String scopeClaim,
              SaslExtensions extensions) {
            this.source = source;
            this.owned = owned;
            this.principal = principal;
            this.subClaim = subClaim;
            this.scopeClaim = scopeClaim;
            this.extensions = extensions;
        }

        void answer(OAuthBearerTokenCallback callback) {
            AccessToken token;
            try {
                token = source.token();
            } catch (RuntimeException e) {
                callback.error(errorCode(e), "tokenkit has no token from provider '" + source.providerId()
                        + "' for the Kafka login: " + e.getMessage(), null);
                return;
            }
            TokenClaims claims = TokenClaims.of(token.value());
            Optional<String> name = principal.or(() -> claims.string(subClaim));
            if (name.isEmpty()) {
                callback.error("invalid_token", "tokenkit's token from provider '" + source.providerId() + "' ("
                        + token.fingerprint() + ") names no principal for the Kafka login: it is not a JWT with a '"
                        + subClaim + "' claim; set principal=\"<name>\" in sasl.jaas.config, or"
                        + " sasl.oauthbearer.sub.claim.name to the claim that holds it", null);
                return;
            }
            callback.token(new KafkaToken(token, name.get(), claims.scope(scopeClaim)));
        }

        /** An RFC 6749 §5.2 error code for the reason the source has no token. */
        private static String errorCode(RuntimeException e) {
            if (e instanceof InvalidCredentialsException) {
                return "invalid_client";
            }
            if (e instanceof RateLimitedException || e instanceof ProviderUnavailableException) {
                return "temporarily_unavailable";
            }
            if (e instanceof TokenRequestRejectedException || e instanceof ProviderConfigurationException) {
                return "invalid_request";
            }
            return e instanceof TokenException ? "server_error" : "internal_error";
        }
    }
}
