package dev.tokenkit.spi;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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

    /** The characters of an HTTP token (RFC 9110 §5.6.2) besides letters and digits. */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+.^_`|~-";
    /** A challenge has a handful of parameters; reading stops after this many. */
    private static final int MAX_PARAMS = 32;

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
            int start = skipSpace(challenge, 0);
            int end = tokenEnd(challenge, start);
            if (end > start) {
                scheme = challenge.substring(start, end);
                if (code == null) {
                    Map<String, String> params = params(challenge, end);
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

    /**
     * The auth-params of the first challenge, read from {@code at} (RFC 9110 §11.2:
     * {@code name = token / quoted-string}, separated by commas): one pass over the text, no
     * backtracking, no recursion, at most {@value #MAX_PARAMS} parameters; the first of a
     * repeated name wins. Reading stops at the first text that is not a parameter.
     */
    private static Map<String, String> params(String s, int at) {
        Map<String, String> params = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int i = at;
        int n = s.length();
        while (i < n && params.size() < MAX_PARAMS) {
            i = skipSpace(s, i);
            if (i < n && s.charAt(i) == ',') {
                i = skipSpace(s, i + 1);
            }
            int nameEnd = tokenEnd(s, i);
            if (nameEnd == i) {
                break;
            }
            String name = s.substring(i, nameEnd);
            i = skipSpace(s, nameEnd);
            if (i >= n || s.charAt(i) != '=') {
                break;
            }
            i = skipSpace(s, i + 1);
            String value = null;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder v = new StringBuilder();
                int j = i + 1;
                while (j < n && s.charAt(j) != '"') {
                    if (s.charAt(j) == '\\' && j + 1 < n) {
                        j++;
                    }
                    v.append(s.charAt(j++));
                }
                if (j < n) {
                    value = v.toString();
                    i = j + 1;
                }
            }
            if (value == null) {
                // a token, or an unterminated quoted string read as far as a token would be
                int start = i;
                while (i < n && s.charAt(i) != ',' && !isSpace(s.charAt(i))) {
                    i++;
                }
                value = s.substring(start, i);
            }
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static int skipSpace(String s, int i) {
        int j = i;
        while (j < s.length() && isSpace(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    /** The end of the HTTP token starting at {@code i} ({@code i} when there is none). */
    private static int tokenEnd(String s, int i) {
        int j = i;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0)) {
                break;
            }
            j++;
        }
        return j;
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
