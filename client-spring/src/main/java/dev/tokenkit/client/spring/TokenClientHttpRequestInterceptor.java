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
import java.util.ArrayList;
import java.util.List;
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
 * <p><b>A 401, and the loop rule.</b> When the answer is a {@code 401} that rejects the token the
 * request carried ({@link TokenReplay#rejectsToken}: not {@code error="insufficient_scope"}), the token that was
 * sent is invalidated (many requests rejected for one token cause one fetch), the answer is
 * closed, and the request is sent once more with the source's new token. That second answer is
 * returned whatever it is: never a third send. When the source has no different token (the
 * endpoint re-issued the rejected one, or the fetch failed) the {@code 401} is returned as it
 * came. A {@code 403} is always returned as it is. Spring hands interceptors the whole body as
 * bytes, so every body can be replayed.
 *
 * <p><b>Redirects: use a request factory that follows none.</b> An interceptor sees the request it
 * sends and the answer the request factory returns, not the redirects the factory follows by
 * itself. So that the token stays on the origin the request was addressed to, and a {@code 401}
 * is taken for a rejection only when it answers the request that carried the token, give the
 * client a factory that follows no redirect: the caller then gets the {@code 3xx} and decides.
 * {@code RestClient}'s default factory (the JDK {@code HttpClient}, {@code Redirect.NEVER}) follows
 * none. {@code RestTemplate}'s default, {@code SimpleClientHttpRequestFactory}, follows those of a
 * {@code GET} inside {@code HttpURLConnection}, which drops the header on a change of host or port
 * but hands back the other server's answer as if it were the API's; a JDK {@code HttpClient} with
 * {@code Redirect.NORMAL} or {@code ALWAYS} forwards the header to another host on Java 17. For a
 * factory on a JDK {@code HttpClient} that must follow redirects, wrap that client with
 * {@code TokenHttpClient} (module {@code client-jdk}), which follows them itself, instead of
 * installing this interceptor.
 *
 * <p><b>Add it last.</b> An interceptor that executes the request twice runs the interceptors
 * registered after it again for the second send in Spring Framework 7, but for the first send
 * only in Spring Framework 6.2 (spring-framework #32525, #34169: there the replay goes straight to
 * the request factory). Registered last, it behaves the same on both.
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
        int status = response.getStatusCode().value();
        if (status != 401 // the challenges are read for a 401 only
                || !TokenReplay.rejectsToken(sent, request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION), status,
                        challenges(response.getHeaders()))) {
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

    /**
     * The values of every {@code WWW-Authenticate} header. Read by iterating, a method whose binary
     * signature Spring Framework 6.2 and 7 share: {@code getOrEmpty} and {@code get} take an
     * {@code Object} in 6.2 and a {@code String} in 7, so a class compiled against one fails on the
     * other with {@link NoSuchMethodError}.
     */
    private static List<String> challenges(HttpHeaders headers) {
        List<String> values = new ArrayList<>();
        headers.forEach((name, list) -> {
            if (name.equalsIgnoreCase(HttpHeaders.WWW_AUTHENTICATE)) {
                values.addAll(list);
            }
        });
        return values;
    }

    @Override
    public String toString() {
        return "TokenClientHttpRequestInterceptor[" + source.providerId() + "]";
    }
}
