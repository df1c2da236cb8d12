package dev.tokenkit.client.okhttp;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenReplay;
import dev.tokenkit.TokenSource;
import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;
import java.util.Objects;

/**
 * Puts a {@link TokenSource}'s token on every request, replacing any {@code Authorization}
 * header. Add it as an <em>application</em> interceptor, with a {@link TokenAuthenticator} to heal
 * a {@code 401}:
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *         .addInterceptor(new TokenInterceptor(source))
 *         .authenticator(new TokenAuthenticator(source))
 *         .build();
 * }</pre>
 *
 * <p>An application interceptor runs once per call: the authenticator's replay and OkHttp's
 * redirects do not pass through it again. OkHttp drops the header on a redirect to another origin
 * (scheme, host or port), and it is not put back on a later hop, so the token stays on the origin
 * the request was addressed to. The header's value is kept as the request's tag, for the
 * {@link TokenAuthenticator} to compare with what the answered request carried.
 *
 * <p>When the source has no token, the request is not sent and the call fails with an
 * {@link IOException} whose cause is the {@link TokenException}: OkHttp expects interceptors to
 * fail with {@code IOException}s, and loses anything else on {@code enqueue}. Nothing is logged.
 */
public final class TokenInterceptor implements Interceptor {
    private final TokenSource source;

    /**
     * An interceptor over a source.
     *
     * @param source the source of the tokens
     */
    public TokenInterceptor(TokenSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        AccessToken token;
        try {
            token = source.token();
        } catch (TokenException e) {
            throw new IOException("no access token from provider '" + source.providerId() + "', so the request was"
                    + " not sent: " + e.getMessage(), e);
        }
        String header = token.authorizationHeader();
        return chain.proceed(chain.request().newBuilder().header(TokenReplay.AUTHORIZATION, header)
                .tag(SentHeader.class, new SentHeader(header)).build());
    }

    @Override
    public String toString() {
        return "TokenInterceptor[" + source.providerId() + "]";
    }
}
