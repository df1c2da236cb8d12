package dev.tokenkit.client.okhttp;

import dev.tokenkit.TokenReplay;
import dev.tokenkit.TokenSource;
import okhttp3.Authenticator;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.Route;

import java.util.Objects;

/**
 * Heals a {@code 401} that rejects the token a {@link TokenInterceptor} put on the request: the
 * token that was sent is invalidated (many calls rejected for one token cause one fetch) and the
 * request is replayed once with the source's new token. Install it with
 * {@code OkHttpClient.Builder.authenticator(..)}, beside the interceptor.
 *
 * <p><b>The loop rule.</b> It returns {@code null} (OkHttp then hands you the {@code 401}) when:
 * <ul>
 *   <li>the answer is not a rejection of our token ({@link TokenReplay#rejectsToken}): a
 *       {@code 401} with {@code error="insufficient_scope"}, or an answer to a request that did
 *       not carry exactly the header the interceptor put on the call (a redirect's target on
 *       another origin, which got no token, or a call the interceptor did not see);</li>
 *   <li>{@link Response#priorResponse()} holds a {@code 401}: this request is already the replay;</li>
 *   <li>the source has no different token: the request already carried the current token's
 *       successor, the endpoint re-issued the rejected token, or the fetch failed;</li>
 *   <li>the body is one-shot or duplex ({@link RequestBody#isOneShot()}): it cannot be sent again.
 *       The token is invalidated all the same, so your own retry gets a new one.</li>
 * </ul>
 * So it never asks OkHttp for more than one follow-up, far below OkHttp's cap of 20.
 *
 * <p>It blocks while the source fetches the new token, on the call's thread, as OkHttp
 * authenticators do. Nothing is logged.
 */
public final class TokenAuthenticator implements Authenticator {
    private final TokenSource source;

    /**
     * An authenticator over a source.
     *
     * @param source the source of the tokens, the same as the interceptor's
     */
    public TokenAuthenticator(TokenSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public Request authenticate(Route route, Response response) {
        Request request = response.request();
        SentHeader ours = request.tag(SentHeader.class);
        if (ours == null || replayed(response) || !TokenReplay.rejectsToken(ours.value(),
                request.header(TokenReplay.AUTHORIZATION), response.code(), response.headers(TokenReplay.WWW_AUTHENTICATE))) {
            return null;
        }
        String sent = ours.value();
        RequestBody body = request.body();
        if (body != null && (body.isOneShot() || body.isDuplex())) {
            source.invalidate(sent);
            return null;
        }
        return TokenReplay.replacement(source, sent)
                .map(token -> request.newBuilder().header(TokenReplay.AUTHORIZATION, token.authorizationHeader())
                        .tag(SentHeader.class, new SentHeader(token.authorizationHeader())).build())
                .orElse(null);
    }

    private static boolean replayed(Response response) {
        for (Response prior = response.priorResponse(); prior != null; prior = prior.priorResponse()) {
            if (prior.code() == 401) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "TokenAuthenticator[" + source.providerId() + "]";
    }
}
