package dev.tokenkit.client.spring;

import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.ResourceServer;
import dev.tokenkit.testkit.TestTokenEndpoint;
import dev.tokenkit.emulators.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.SpringVersion;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the Spring integration does beyond the contract, on Spring Framework 7 (and 6.2 in the second run). */
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

    @ParameterizedTest(name = "GET answered {0}")
    @ValueSource(ints = {301, 302, 303, 307})
    @DisplayName("RestTemplate's default factory follows a GET's redirect inside HttpURLConnection, which drops the"
            + " header to another port or host: why the factory must follow none, and why the token does not leak")
    void defaultRestTemplate(int status) {
        try (ResourceServer otherPort = ResourceServer.start();
             ResourceServer otherHost = ResourceServer.startOn(new byte[] {127, 0, 0, 2})) {
            RestTemplate template = new RestTemplate();
            template.getInterceptors().add(interceptor);
            for (ResourceServer other : List.of(otherPort, otherHost)) {
                other.admitRequestsWithoutToken();
                String answer = template.getForObject(api.redirect(status, other.uri("/landing")), String.class);
                assertThat(answer).as("the other server's answer, which the interceptor cannot tell from the API's")
                        .isEqualTo("GET /landing ");
                assertThat(other.requests()).singleElement()
                        .satisfies(r -> assertThat(r.header("Authorization")).as("Authorization at %s", other).isEmpty());
            }
        }
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
    @DisplayName("among other interceptors: one registered before it sees one call around both sends, one registered"
            + " after it sees each send on Spring 7 and the first send only on Spring 6.2 (why it goes last)")
    void otherInterceptors() {
        api.revoke(source.token());
        AtomicInteger before = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        RestClient client = RestClient.builder().requestInterceptor(counting(before)).requestInterceptor(interceptor)
                .requestInterceptor(counting(after)).build();
        assertThat(client.get().uri(api.uri("/a")).retrieve().body(String.class)).isEqualTo("GET /a ");
        assertThat(api.requestCount()).as("sends").isEqualTo(2);
        assertThat(before).as("calls of the interceptor before ours").hasValue(1);
        assertThat(after).as("calls of the interceptor after ours, on Spring %s", SpringVersion.getVersion())
                .hasValue(SpringVersion.getVersion().startsWith("6.") ? 1 : 2);
    }

    private static ClientHttpRequestInterceptor counting(AtomicInteger calls) {
        return (request, body, execution) -> {
            calls.incrementAndGet();
            return execution.execute(request, body);
        };
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
