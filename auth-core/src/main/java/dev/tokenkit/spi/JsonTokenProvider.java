package dev.tokenkit.spi;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.internal.util.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The common shape of a token provider: POST a request, parse the JSON answer, map errors.
 * A vendor provider states its {@link #request() request} and its {@link #parse(JsonObject,
 * TokenResponse) success mapping}; this class sends it through the context's transport and maps
 * everything else:
 * <ul>
 *   <li>an RFC 6749 §5.2 error ({@link OAuth2Error}) at a 4xx status other than 429:
 *       {@code invalid_client} → {@link InvalidCredentialsException}, {@code invalid_request},
 *       {@code invalid_grant}, {@code unauthorized_client}, {@code unsupported_grant_type},
 *       {@code invalid_scope} → {@link TokenRequestRejectedException}, with the code and its
 *       description in the message (a {@code WWW-Authenticate} challenge is read too);</li>
 *   <li>otherwise 401/403 → {@link InvalidCredentialsException}; 429 → {@link RateLimitedException} with
 *       {@code Retry-After}; 5xx → {@link ProviderUnavailableException}; redirects and other
 *       4xx → {@link TokenRequestRejectedException};</li>
 *   <li>a success body that is not a JSON object, or that {@code parse} cannot map (including
 *       any runtime exception it throws), → {@link MalformedResponseException};</li>
 *   <li>a token already expired when received → {@link MalformedResponseException}.</li>
 * </ul>
 * Override {@link #inspect(TokenResponse, JsonObject)} for vendor envelopes that signal failure
 * whatever the status, and {@link #errorFor(TokenResponse, JsonObject)} to refine the status
 * mapping. Vendor text put into messages is redacted ({@link ProviderContext#redact(String)}: the
 * configured secrets and every form of what the request carried with them) and truncated.
 */
public abstract class JsonTokenProvider implements TokenProvider {
    private static final int MAX_VENDOR_MESSAGE = 200;

    private final ProviderContext context;

    /**
     * Creates the provider.
     *
     * @param context the context tokenkit passed to the factory
     */
    protected JsonTokenProvider(ProviderContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * The context this provider was created with.
     *
     * @return the context
     */
    protected final ProviderContext context() {
        return context;
    }

    @Override
    public final String id() {
        return context.providerId();
    }

    /**
     * Builds the token request. Called once per {@link #fetch()}.
     *
     * @return the request
     */
    protected abstract TokenRequest request();

    /**
     * Maps a 2xx answer's JSON object to a token; start from {@link #token(String)}. Throw
     * {@link IllegalArgumentException} (e.g. from {@link JsonFields}) for invalid answers.
     *
     * @param body     the parsed body
     * @param response the whole answer (headers, status)
     * @return the token
     */
    protected abstract AccessToken parse(JsonObject body, TokenResponse response);

    /**
     * Looks at every answer before its status is considered; throw a {@link TokenException} for
     * a vendor failure envelope. Does nothing by default.
     *
     * @param response the answer
     * @param body     the body as a JSON object, or {@code null} when it is not one
     */
    protected void inspect(TokenResponse response, JsonObject body) {
    }

    /**
     * Maps a non-2xx answer to an exception. The default follows the class description.
     *
     * @param response the answer
     * @param body     the body as a JSON object, or {@code null} when it is not one
     * @return the exception to throw
     */
    protected TokenException errorFor(TokenResponse response, JsonObject body) {
        int status = response.status();
        OAuth2Error oauth = OAuth2Error.of(response, body).orElse(null);
        String hint = context.redact(errorHint(response, body));
        String where = " (HTTP " + status + " from POST " + safe(response.uri()) + ")" + vendorSays(body, oauth)
                + (hint == null || hint.isEmpty() ? "" : "; " + hint);
        boolean clientError = status >= 400 && status < 500 && status != 429;
        if (oauth != null && clientError && oauth.isRejection()) {
            return new TokenRequestRejectedException(id(), status, "token request rejected" + where
                    + "; check the request options (scope, audience, grant) against what the server allows this client");
        }
        if (status == 401 || status == 403 || (oauth != null && clientError && oauth.isInvalidClient())) {
            return new InvalidCredentialsException(id(), status, "invalid credentials" + where
                    + "; check the options " + String.join(", ", credentialOptions()));
        }
        Duration retryAfter = response.retryAfter(context.clock().instant()).orElse(null);
        if (status == 429) {
            return new RateLimitedException(id(), retryAfter, "rate limited" + where
                    + (retryAfter == null ? "" : "; the server asks to retry after " + retryAfter.toSeconds() + "s"));
        }
        if (status >= 500 && status < 600) {
            return new ProviderUnavailableException(id(), status, retryAfter, "token endpoint unavailable" + where, null);
        }
        if (status >= 300 && status < 400) {
            String to = response.header("Location").map(l -> {
                try {
                    URI location = response.uri().resolve(l.trim());
                    return " to host '" + location.getHost() + "'";
                } catch (RuntimeException e) {
                    return "";
                }
            }).orElse("");
            return new TokenRequestRejectedException(id(), status, "the token endpoint answered HTTP " + status
                    + " with a redirect" + to + " (from POST " + safe(response.uri()) + "); tokenkit never follows"
                    + " redirects, so credentials are not re-posted elsewhere; set the endpoint option to the final address");
        }
        if (status >= 400 && status < 500) {
            return new TokenRequestRejectedException(id(), status, "token request rejected" + where
                    + "; check the request options and the endpoint address");
        }
        return new MalformedResponseException(id(), status, "unexpected HTTP status" + where, null);
    }

    /**
     * Vendor-specific advice appended to the default error messages, e.g. what the vendor's
     * documentation says a status means. Empty by default.
     *
     * @param response the answer
     * @param body     the body as a JSON object, or {@code null} when it is not one
     * @return the advice, or an empty string
     */
    protected String errorHint(TokenResponse response, JsonObject body) {
        return "";
    }

    /**
     * Starts a token received now (by the context's clock).
     *
     * @param value the token value
     * @return a builder with {@code issuedAt} set
     */
    protected final AccessToken.Builder token(String value) {
        return AccessToken.builder(value).issuedAt(context.clock().instant());
    }

    @Override
    public final AccessToken fetch() {
        TokenRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            throw new ProviderConfigurationException(id(), "cannot build the token request: "
                    + context.redact(e.getMessage()));
        }
        TokenResponse response = context.http().send(request);
        JsonObject body = parseQuietly(response);
        inspect(response, body);
        if (!response.isSuccess()) {
            throw errorFor(response, body);
        }
        if (body == null) {
            throw new MalformedResponseException(id(), response.status(), "the success answer from POST "
                    + safe(response.uri()) + " is not a JSON object (" + describeBody(response) + ")", null);
        }
        AccessToken token;
        try {
            token = Objects.requireNonNull(parse(body, response), "parse returned null");
        } catch (TokenException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedResponseException(id(), response.status(), "invalid token answer: "
                    + context.redact(e.getMessage()), null);
        } catch (RuntimeException e) {
            throw new MalformedResponseException(id(), response.status(), "invalid token answer ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        Instant now = context.clock().instant();
        if (token.isExpiredAt(now)) {
            throw new MalformedResponseException(id(), response.status(), "the token endpoint issued a token that"
                    + " had already expired when received (expires " + token.expiresAt().orElseThrow() + ", now "
                    + now + "); check the clocks", null);
        }
        return token;
    }

    private List<String> credentialOptions() {
        List<String> names = new ArrayList<>();
        for (ConfigOption o : context.descriptor().options()) {
            if (o.isSecret() || (o.isRequired() && o.type() == ConfigOption.Type.STRING)) {
                names.add(o.name());
            }
        }
        return names;
    }

    private static JsonObject parseQuietly(TokenResponse response) {
        byte[] raw = response.rawBody();
        int i = 0;
        while (i < raw.length && (raw[i] == ' ' || raw[i] == '\n' || raw[i] == '\r' || raw[i] == '\t')) {
            i++;
        }
        if (i == raw.length || raw[i] != '{') {
            return null;
        }
        return Json.parseObjectOrNull(raw);
    }

    private static String describeBody(TokenResponse response) {
        byte[] raw = response.rawBody();
        if (raw.length == 0) {
            return "the body is empty";
        }
        String type = response.header("Content-Type").orElse("no Content-Type");
        try {
            Json.parseObject(raw);
            return type + ", " + raw.length + " bytes";
        } catch (Json.JsonParseFailure e) {
            return type + ", " + raw.length + " bytes: " + e.getMessage();
        }
    }

    private String vendorSays(JsonObject body, OAuth2Error oauth) {
        if (oauth != null && oauth.code().isPresent()) {
            return ": error=" + sanitize(oauth.code().get())
                    + oauth.description().map(d -> ", error_description=\"" + sanitize(d) + "\"").orElse("")
                    + oauth.uri().map(u -> ", error_uri=" + sanitize(u)).orElse("");
        }
        String challenge = oauth == null ? "" : oauth.challengeScheme()
                .map(c -> ": the server asks for " + sanitize(c) + " authentication (WWW-Authenticate)").orElse("");
        if (body == null) {
            return challenge;
        }
        for (String field : new String[] {"message", "error_description", "error", "msg", "detail"}) {
            JsonValue v = body.get(field);
            if (v instanceof JsonString s && !s.getString().isBlank()) {
                return ": vendor says \"" + sanitize(s.getString()) + "\"" + (challenge.isEmpty() ? "" : ";" + challenge.substring(1));
            }
        }
        return challenge;
    }

    /**
     * Makes vendor text safe for a message: secrets redacted, control and non-ASCII characters
     * replaced, truncated.
     *
     * @param text vendor text
     * @return the safe text
     */
    protected final String sanitize(String text) {
        String redacted = context.redact(text);
        StringBuilder out = new StringBuilder(Math.min(redacted.length(), MAX_VENDOR_MESSAGE + 3));
        for (int i = 0; i < redacted.length() && out.length() < MAX_VENDOR_MESSAGE; i++) {
            char c = redacted.charAt(i);
            out.append(c < 0x20 || c >= 0x7f ? '?' : c);
        }
        if (redacted.length() > MAX_VENDOR_MESSAGE) {
            out.append("...");
        }
        return out.toString();
    }

    /**
     * The URI without user info, query or fragment, for messages.
     *
     * @param uri the URI
     * @return scheme, host, port and path
     */
    protected static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
