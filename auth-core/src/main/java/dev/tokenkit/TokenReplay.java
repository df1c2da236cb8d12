package dev.tokenkit;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The rule every HTTP client integration follows when an API answers a request that carried a
 * token from a {@link TokenSource}, written once so that the integrations agree:
 *
 * <ol>
 *   <li>the token goes only to the origin the request was addressed to
 *       ({@link #sameOrigin}: scheme, host and port): a redirect to another origin is sent
 *       without it, and so is every hop after it;</li>
 *   <li>only a {@code 401} answering a request that carried exactly the header the integration
 *       put on it, and whose {@code WWW-Authenticate} challenges do not say
 *       {@code error="insufficient_scope"}, rejects the token ({@link #rejectsToken}); a
 *       {@code 403}, a {@code 401} for missing scope, and any answer to a request that did not
 *       carry our token (a redirect's target on another origin) are the caller's, untouched;</li>
 *   <li>a rejected token is invalidated by the header value that was sent
 *       ({@link TokenSource#invalidate(String)}): many requests rejected for one token cause one
 *       fetch, and a rejection of an older token than the cached one costs nothing;</li>
 *   <li>the request is replayed once, with the {@linkplain #replacement replacement} token, and only
 *       when its body can be sent again; when the source has no different token to offer (the
 *       endpoint re-issued the rejected one, or the fetch failed) the {@code 401} goes to the
 *       caller;</li>
 *   <li>the replay's own answer goes to the caller, whatever it is: never a second replay.</li>
 * </ol>
 *
 * <p>Nothing here logs, and no message holds a token value.
 */
public final class TokenReplay {
    /** The request header that carries the token. */
    public static final String AUTHORIZATION = "Authorization";
    /** The response header that carries the server's challenges. */
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    private TokenReplay() {
    }

    /**
     * Whether an answer rejects the token an integration sent: the request it answers carried
     * exactly the header the integration put on it ({@code carried} equals {@code sent}), the
     * status is {@code 401}, and no challenge has the auth-param {@code error="insufficient_scope"}
     * (RFC 6750 section 3.1: the token is valid but lacks scope, so a new token would be rejected
     * too). Other auth-params, such as an {@code error_description} that quotes those words, do
     * not count. An answer to a request without our header (a redirect's target on another
     * origin, which got no token) never rejects it, so a foreign server cannot make the source
     * refetch.
     *
     * @param sent            the {@code Authorization} value the integration put on the request
     * @param carried         the {@code Authorization} value of the request this answers (after
     *                        any redirects), or {@code null} when it had none
     * @param status          the HTTP status
     * @param wwwAuthenticate the values of every {@code WWW-Authenticate} header, possibly none
     * @return {@code true} when the token should be invalidated
     */
    public static boolean rejectsToken(String sent, String carried, int status, List<String> wwwAuthenticate) {
        Objects.requireNonNull(sent, "sent");
        return sent.equals(carried) && rejectsToken(status, wwwAuthenticate);
    }

    /**
     * Whether {@code target} is on the origin of {@code addressed} (RFC 6454): the same scheme and
     * host, ignoring case, and the same port, a missing port counting as the scheme's default
     * ({@code 80} for {@code http}, {@code 443} for {@code https}). Host names are compared as
     * written, without a DNS lookup: {@code localhost} and {@code 127.0.0.1} are two origins.
     *
     * @param addressed the URI the request was addressed to
     * @param target    a URI the request is sent to after redirects, possibly relative to
     *                  {@code addressed}
     * @return {@code true} when the token may go to {@code target}
     */
    public static boolean sameOrigin(URI addressed, URI target) {
        URI to = addressed.resolve(target);
        return addressed.getHost() != null && to.getHost() != null
                && addressed.getScheme().equalsIgnoreCase(to.getScheme())
                && addressed.getHost().equalsIgnoreCase(to.getHost())
                && port(addressed) == port(to);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    /** The status and challenges part of {@link #rejectsToken(String, String, int, List)}. */
    static boolean rejectsToken(int status, List<String> wwwAuthenticate) {
        if (status != 401) {
            return false;
        }
        for (String challenges : wwwAuthenticate) {
            if (challenges != null && insufficientScope(challenges)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Invalidates the token sent in {@code sentHeader} and returns the token to replay with,
     * waiting for the source's fetch like {@link TokenSource#token()}. Empty when replaying cannot
     * help: the source's token is still the one that was sent (the endpoint re-issued it; see the
     * re-issue guard in {@code docs/lifecycle.md}), or the source has none
     * ({@link TokenException}) or is closed.
     *
     * @param source     the source the sent token came from
     * @param sentHeader the {@code Authorization} value the rejected request carried
     * @return the token to replay with, or empty to hand the rejection to the caller
     */
    public static Optional<AccessToken> replacement(TokenSource source, String sentHeader) {
        Objects.requireNonNull(sentHeader, "sentHeader");
        source.invalidate(sentHeader);
        try {
            return different(source.token(), sentHeader);
        } catch (TokenException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /**
     * {@link #replacement(TokenSource, String)} without blocking: the future completes when the
     * source's fetch ends, never exceptionally.
     *
     * @param source     the source the sent token came from
     * @param sentHeader the {@code Authorization} value the rejected request carried
     * @return a future of the token to replay with, or of empty to hand the rejection to the caller
     */
    public static CompletableFuture<Optional<AccessToken>> replacementAsync(TokenSource source, String sentHeader) {
        Objects.requireNonNull(sentHeader, "sentHeader");
        source.invalidate(sentHeader);
        return source.tokenAsync().handle((token, error) -> error != null ? Optional.empty() : different(token, sentHeader));
    }

    private static Optional<AccessToken> different(AccessToken token, String sentHeader) {
        return token.authorizationHeader().equals(sentHeader) ? Optional.empty() : Optional.of(token);
    }

    /**
     * Scans a {@code WWW-Authenticate} value (one or more challenges: schemes, token68 values and
     * {@code name=value} auth-params, values as tokens or quoted strings) for {@code error} set to
     * {@code insufficient_scope}.
     */
    static boolean insufficientScope(String header) {
        int n = header.length();
        int i = 0;
        while (i < n) {
            char c = header.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            int start = i;
            i = tokenEnd(header, i);
            String name = header.substring(start, i);
            int j = skipSpaces(header, i);
            if (j < n && header.charAt(j) == '=') {
                j = skipSpaces(header, j + 1);
                StringBuilder value = new StringBuilder();
                if (j < n && header.charAt(j) == '"') {
                    j++;
                    while (j < n && header.charAt(j) != '"') {
                        if (header.charAt(j) == '\\' && j + 1 < n) {
                            j++;
                        }
                        value.append(header.charAt(j++));
                    }
                    j++; // the closing quote
                } else {
                    int end = tokenEnd(header, j);
                    value.append(header, j, end);
                    j = end;
                }
                if (name.equalsIgnoreCase("error") && value.toString().equalsIgnoreCase("insufficient_scope")) {
                    return true;
                }
                i = j;
            } else if (i == start) {
                i++; // a stray quote or '=': step over it
            }
        }
        return false;
    }

    private static int tokenEnd(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == ',' || c == '=' || c == '"') {
                break;
            }
            i++;
        }
        return i;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
