package dev.tokenkit.spi;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OAuth 2.0 error answer (RFC 6749 §5.2): the {@code error} code, its
 * {@code error_description} and {@code error_uri}, read from the JSON body or, when the body has
 * none, from a {@code WWW-Authenticate} challenge (RFC 6750 §3 style:
 * {@code Bearer error="invalid_client"}), plus the challenge's scheme ({@code Basic} when the
 * server asks for HTTP Basic client authentication).
 *
 * <p>{@link JsonTokenProvider#errorFor(TokenResponse, JsonObject)} maps these for every
 * provider: {@code invalid_client} is invalid credentials, the other §5.2 codes are a rejected
 * request. The values are the server's text: a message must pass them through
 * {@link JsonTokenProvider#sanitize(String)}. {@link #toString()} shows the code only.
 */
public final class OAuth2Error {
    /** The code of a client that failed to authenticate (§5.2). */
    public static final String INVALID_CLIENT = "invalid_client";

    /** The §5.2 codes that reject the request itself: retrying it unchanged cannot succeed. */
    private static final Set<String> REJECTIONS = Set.of("invalid_request", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope");

    private static final Pattern SCHEME = Pattern.compile("\\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)");
    private static final Pattern PARAM = Pattern.compile(
            "\\s*,?\\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

    private final String code;
    private final String description;
    private final String uri;
    private final String challengeScheme;

    private OAuth2Error(String code, String description, String uri, String challengeScheme) {
        this.code = code;
        this.description = description;
        this.uri = uri;
        this.challengeScheme = challengeScheme;
    }

    /**
     * Reads the OAuth 2.0 error of an answer.
     *
     * @param response the answer (its {@code WWW-Authenticate} header is read)
     * @param body     the body as a JSON object, or {@code null} when it is not one
     * @return the error, empty when the answer has neither an {@code error} field nor a
     *         {@code WWW-Authenticate} challenge
     */
    public static Optional<OAuth2Error> of(TokenResponse response, JsonObject body) {
        String code = string(body, "error");
        String description = null;
        String uri = null;
        if (code != null) {
            description = string(body, "error_description");
            uri = string(body, "error_uri");
        }
        String scheme = null;
        String challenge = response.header("WWW-Authenticate").orElse(null);
        if (challenge != null) {
            Matcher m = SCHEME.matcher(challenge);
            if (m.lookingAt()) {
                scheme = m.group(1);
                if (code == null) {
                    Map<String, String> params = params(challenge.substring(m.end()));
                    code = nonBlank(params.get("error"));
                    description = nonBlank(params.get("error_description"));
                    uri = nonBlank(params.get("error_uri"));
                }
            }
        }
        if (code == null && scheme == null) {
            return Optional.empty();
        }
        return Optional.of(new OAuth2Error(code, description, uri, scheme));
    }

    private static Map<String, String> params(String rest) {
        Map<String, String> params = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Matcher m = PARAM.matcher(rest);
        int at = 0;
        while (at < rest.length() && m.find(at) && m.start() == at) {
            String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
            params.putIfAbsent(m.group(1), value);
            at = m.end();
        }
        return params;
    }

    private static String string(JsonObject body, String field) {
        JsonValue v = body == null ? null : body.get(field);
        return v instanceof JsonString s ? nonBlank(s.getString()) : null;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * The {@code error} code, e.g. {@code invalid_scope}.
     *
     * @return the code, empty when the answer only carried a challenge without one
     */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /**
     * The {@code error_description}.
     *
     * @return the server's description, if any
     */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /**
     * The {@code error_uri}.
     *
     * @return the server's link to a page about the error, if any
     */
    public Optional<String> uri() {
        return Optional.ofNullable(uri);
    }

    /**
     * The scheme of the {@code WWW-Authenticate} challenge, e.g. {@code Basic}.
     *
     * @return the scheme, empty without a challenge
     */
    public Optional<String> challengeScheme() {
        return Optional.ofNullable(challengeScheme);
    }

    /**
     * Whether the code is {@code invalid_client}: the client's credentials were refused.
     *
     * @return whether the client failed to authenticate
     */
    public boolean isInvalidClient() {
        return INVALID_CLIENT.equalsIgnoreCase(code);
    }

    /**
     * Whether the code is one of RFC 6749 §5.2's rejections of the request itself:
     * {@code invalid_request}, {@code invalid_grant}, {@code unauthorized_client},
     * {@code unsupported_grant_type} or {@code invalid_scope}.
     *
     * @return whether the request was rejected
     */
    public boolean isRejection() {
        return code != null && REJECTIONS.contains(code.toLowerCase(Locale.ROOT));
    }

    /** The code when it is one of RFC 6749's, and the challenge scheme; never the server's free text. */
    @Override
    public String toString() {
        return "OAuth2Error[" + (code == null ? "no code" : isInvalidClient() || isRejection() ? code : "other code")
                + (challengeScheme == null ? "" : ", challenge " + challengeScheme) + "]";
    }
}
