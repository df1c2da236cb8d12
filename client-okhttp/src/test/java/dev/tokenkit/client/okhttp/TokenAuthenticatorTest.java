package dev.tokenkit.client.okhttp;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.TestTokenEndpoint;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authenticator's loop rule on answers built with OkHttp's own types (the contract proves it
 * on the wire): each case where it must hand the {@code 401} back.
 */
@Timeout(30)
class TokenAuthenticatorTest {
    private static final String REJECTED = "Bearer realm=\"api\", error=\"invalid_token\"";

    private final TestTokenEndpoint endpoint = TestTokenEndpoint.start();
    private final TokenSource source = endpoint.sourceBuilder().build();
    private final TokenAuthenticator authenticator = new TokenAuthenticator(source);
    private final AccessToken first = source.token();

    @AfterEach
    void stop() {
        source.close();
        endpoint.close();
    }

    private Request sent(AccessToken token, RequestBody body) {
        Request.Builder b = new Request.Builder().url("http://127.0.0.1:9/api");
        if (token != null) {
            // as TokenInterceptor puts it: the header, and its value as the tag
            b.header("Authorization", token.authorizationHeader())
                    .tag(SentHeader.class, new SentHeader(token.authorizationHeader()));
        }
        return b.method(body == null ? "GET" : "POST", body).build();
    }

    private static Response answer(Request request, int code, String challenge, Response prior) {
        Response.Builder b = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(code).message("-")
                .priorResponse(prior);
        if (challenge != null) {
            b.header("WWW-Authenticate", challenge);
        }
        return b.build();
    }

    @Test
    @DisplayName("a rejected token: the request again with the new token")
    void replays() {
        Request replay = authenticator.authenticate(null, answer(sent(first, null), 401, REJECTED, null));
        assertThat(replay).isNotNull();
        assertThat(replay.header("Authorization")).isEqualTo(source.token().authorizationHeader())
                .isNotEqualTo(first.authorizationHeader());
        assertThat(replay.tag(SentHeader.class)).isEqualTo(new SentHeader(source.token().authorizationHeader()));
        assertThat(endpoint.requestCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("after a redirect, a 401 is still replayed once")
    void afterRedirect() {
        Request request = sent(first, null);
        Response redirect = answer(request, 302, null, null);
        assertThat(authenticator.authenticate(null, answer(request, 401, REJECTED, redirect))).isNotNull();
    }

    @Test
    @DisplayName("a 401 to the replay (a 401 in priorResponse) is handed back, without invalidating again")
    void replayRejected() {
        Request request = sent(first, null);
        Response rejected = answer(request, 401, REJECTED, null);
        Response redirect = answer(request, 307, null, rejected);
        assertThat(authenticator.authenticate(null, answer(request, 401, REJECTED, redirect))).isNull();
        assertThat(source.token()).isSameAs(first);
        assertThat(endpoint.requestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a request that carried no Authorization header, a 403, a 407 and insufficient_scope are handed back")
    void notOurs() {
        assertThat(authenticator.authenticate(null, answer(sent(null, null), 401, REJECTED, null))).isNull();
        assertThat(authenticator.authenticate(null, answer(sent(first, null), 403, REJECTED, null))).isNull();
        assertThat(authenticator.authenticate(null, answer(sent(first, null), 407, REJECTED, null))).isNull();
        assertThat(authenticator.authenticate(null, answer(sent(first, null), 401,
                "Bearer error=\"insufficient_scope\"", null))).isNull();
        assertThat(source.token()).isSameAs(first);
        assertThat(endpoint.requestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a 401 to a request whose header is not the one the interceptor put on it is handed back")
    void notOurHeader() {
        // a redirect's target on another origin: OkHttp dropped the header, the tag stays
        Request stripped = sent(first, null).newBuilder().removeHeader("Authorization").build();
        assertThat(authenticator.authenticate(null, answer(stripped, 401, REJECTED, answer(sent(first, null), 302, null, null))))
                .isNull();
        // another value than ours (a network interceptor changed it), and ours without the interceptor's tag
        Request changed = sent(first, null).newBuilder().header("Authorization", "Bearer someone-else").build();
        assertThat(authenticator.authenticate(null, answer(changed, 401, REJECTED, null))).isNull();
        Request untagged = new Request.Builder().url("http://127.0.0.1:9/api").header("Authorization", first.authorizationHeader())
                .build();
        assertThat(authenticator.authenticate(null, answer(untagged, 401, REJECTED, null))).isNull();
        assertThat(source.token()).isSameAs(first);
        assertThat(endpoint.requestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a duplex body is not replayed, and the token is invalidated")
    void duplex() {
        RequestBody duplex = new RequestBody() {
            @Override
            public MediaType contentType() {
                return OkHttpCalls.TEXT;
            }

            @Override
            public void writeTo(BufferedSink sink) {
            }

            @Override
            public boolean isDuplex() {
                return true;
            }
        };
        assertThat(authenticator.authenticate(null, answer(sent(first, duplex), 401, REJECTED, null))).isNull();
        assertThat(source.token().value()).isNotEqualTo(first.value());
    }

    @Test
    @DisplayName("toString names the provider and no token")
    void shows() {
        assertThat(authenticator.toString()).isEqualTo("TokenAuthenticator[" + TestTokenEndpoint.PROVIDER_ID + "]");
        assertThat(new TokenInterceptor(source).toString()).isEqualTo("TokenInterceptor[" + TestTokenEndpoint.PROVIDER_ID + "]");
    }
}
