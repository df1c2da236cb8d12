package dev.tokenkit.client.spring;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenReplay;
import dev.tokenkit.TokenSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts a {@link TokenSource}'s token on every request of a {@code RestClient} or
 * {@code RestTemplate}, replacing any {@code Authorization} header, and heals a {@code 401} once:
 *
 * <pre>{@code
 * RestClient client = RestClient.builder()
 *         .requestInterceptor(new TokenClientHttpRequestInterceptor(source))   // add it last
 *         .build();
 * }</pre>
 *
 * <p><b>A 401, and the loop rule.</b> When the answer is a {@code 401} that rejects the token
 * ({@link TokenReplay#rejectsToken}: not {@code error="insufficient_scope"}), the token that was
 * sent is invalidated (many requests rejected for one token cause one fetch), the answer is
 * closed, and the request is sent once more with the source's new token. That second answer is
 * returned whatever it is: never a third send. When the source has no different token (the
 * endpoint re-issued the rejected one, or the fetch failed) the {@code 401} is returned as it
 * came. A {@code 403} is always returned as it is. Spring hands interceptors the whole body as
 * bytes, so every body can be replayed.
 *
 * <p><b>Add it last.</b> In Spring Framework 6.2, an interceptor that executes the request twice
 * runs the interceptors registered after it for the first send only (spring-framework #32525,
 * #34169): the replay goes straight to the request factory.
 *
 * <p>When the source has no token, its {@link TokenException} propagates from the call unchanged
 * (it is unchecked, and Spring wraps only {@link IOException}s); the request is not sent. Nothing
 * is logged.
 */
public final class TokenClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {
    private final TokenSource source;

    /**
     * An interceptor over a source.
     *
     * @param source the source of the tokens
     */
    public TokenClientHttpRequestInterceptor(TokenSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String sent = source.token().authorizationHeader();
        request.getHeaders().set(HttpHeaders.AUTHORIZATION, sent);
        ClientHttpResponse response = execution.execute(request, body);
        if (!TokenReplay.rejectsToken(response.getStatusCode().value(),
                response.getHeaders().getOrEmpty(HttpHeaders.WWW_AUTHENTICATE))) {
            return response;
        }
        Optional<AccessToken> next = TokenReplay.replacement(source, sent);
        if (next.isEmpty()) {
            return response;
        }
        response.close();
        request.getHeaders().set(HttpHeaders.AUTHORIZATION, next.get().authorizationHeader());
        return execution.execute(request, body);
    }

    @Override
    public String toString() {
        return "TokenClientHttpRequestInterceptor[" + source.providerId() + "]";
    }
}
