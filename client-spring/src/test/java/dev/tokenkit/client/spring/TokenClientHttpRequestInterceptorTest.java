package dev.tokenkit.client.spring;

import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.ResourceServer;
import dev.tokenkit.testkit.TestTokenEndpoint;
import dev.tokenkit.testkit.server.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the Spring integration does beyond the contract, on Spring Framework 6.2.12. */
@Timeout(60)
class TokenClientHttpRequestInterceptorTest {
    private final TestTokenEndpoint endpoint = TestTokenEndpoint.start();
    private final ResourceServer api = ResourceServer.start();
    private final TokenSource source = endpoint.sourceBuilder().build();
    private final TokenClientHttpRequestInterceptor interceptor = new TokenClientHttpRequestInterceptor(source);

    @AfterEach
    void stop() {
        source.close();
        api.close();
        endpoint.close();
    }

    @Test
    @DisplayName("a streamed body is written once, into Spring's buffer, and the replay sends the same bytes")
    void streamedBodyReplayed() {
        api.revoke(source.token());
        AtomicInteger written = new AtomicInteger();
        String answer = RestClient.builder().requestInterceptor(interceptor).build().post().uri(api.uri("/upload"))
                .contentType(MediaType.TEXT_PLAIN)
                .body(out -> {
                    written.incrementAndGet();
                    out.write("streamed".getBytes(StandardCharsets.UTF_8));
                })
                .retrieve().body(String.class);
        assertThat(answer).isEqualTo("POST /upload streamed");
        assertThat(written).hasValue(1);
        assertThat(api.requests()).hasSize(2).allSatisfy(r -> assertThat(r.body()).isEqualTo("streamed"));
    }

    @Test
    @DisplayName("registered last it works with others: one registered before it sees one call, around the replay")
    void interceptorsBefore() {
        api.revoke(source.token());
        AtomicInteger before = new AtomicInteger();
        ClientHttpRequestInterceptor counting = (request, body, execution) -> {
            before.incrementAndGet();
            return execution.execute(request, body);
        };
        RestClient client = RestClient.builder().requestInterceptor(counting).requestInterceptor(interceptor).build();
        assertThat(client.get().uri(api.uri("/a")).retrieve().body(String.class)).isEqualTo("GET /a ");
        assertThat(before).hasValue(1);
        assertThat(api.requestCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("Spring 6.2 limitation, why it goes last: one registered after it sees the first send only")
    void interceptorsAfter() {
        api.revoke(source.token());
        AtomicInteger after = new AtomicInteger();
        ClientHttpRequestInterceptor counting = (request, body, execution) -> {
            after.incrementAndGet();
            return execution.execute(request, body);
        };
        RestClient client = RestClient.builder().requestInterceptor(interceptor).requestInterceptor(counting).build();
        assertThat(client.get().uri(api.uri("/a")).retrieve().body(String.class)).isEqualTo("GET /a ");
        assertThat(api.requestCount()).isEqualTo(2);
        assertThat(after).as("calls of the interceptor after ours, for 2 sends").hasValue(1);
    }

    @Test
    @DisplayName("no token: the TokenException propagates unchanged from RestClient and RestTemplate, and nothing is sent")
    void noToken() {
        endpoint.server().enqueue(FakeResponse.status(401), FakeResponse.status(401));
        RestClient client = RestClient.builder().requestInterceptor(interceptor).build();
        assertThatThrownBy(() -> client.get().uri(api.uri("/a")).retrieve().toBodilessEntity())
                .isInstanceOf(InvalidCredentialsException.class);
        RestTemplate template = new RestTemplate();
        template.setInterceptors(List.of(interceptor));
        assertThatThrownBy(() -> template.getForObject(api.uri("/a"), String.class))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(api.requestCount()).isZero();
    }

    @Test
    @DisplayName("an Authorization header set on the request is replaced by the token's")
    void replacesHeader() {
        RestClient client = RestClient.builder().requestInterceptor(interceptor).build();
        client.get().uri(api.uri("/a")).header("Authorization", "Basic dXNlcjpwYXNz").retrieve().toBodilessEntity();
        assertThat(api.requests()).singleElement().satisfies(r ->
                assertThat(r.headers().get("authorization")).containsExactly(source.token().authorizationHeader()));
        assertThat(interceptor.toString()).isEqualTo("TokenClientHttpRequestInterceptor[" + TestTokenEndpoint.PROVIDER_ID + "]");
    }
}
