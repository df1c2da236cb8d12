package dev.tokenkit.client.jdk;

import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testkit.ResourceServer;
import dev.tokenkit.testkit.TestTokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link TokenHttpClient} follows redirects beyond the contract: as the JDK client would
 * (which method, which body, how many hops, what {@code previousResponse()} holds), with the
 * token on the request's origin only.
 */
@Timeout(60)
class TokenHttpClientRedirectTest {
    private TestTokenEndpoint endpoint;
    private ResourceServer api;
    private ResourceServer other;
    private TokenSource source;

    @BeforeEach
    void start() {
        endpoint = TestTokenEndpoint.start();
        api = ResourceServer.start();
        other = ResourceServer.start();
        other.admitRequestsWithoutToken();
        source = endpoint.sourceBuilder().build();
    }

    @AfterEach
    void stop() {
        source.close();
        other.close();
        api.close();
        endpoint.close();
    }

    private static HttpRequest request(String method, URI uri) {
        return HttpRequest.newBuilder(uri).method(method, method.equals("POST") ? BodyPublishers.ofString("payload")
                : BodyPublishers.noBody()).build();
    }

    /** What arrived, without headers: method, path and body of each request. */
    private static List<String> arrived(ResourceServer server, int from) {
        List<String> seen = new ArrayList<>();
        List<RecordedRequest> requests = server.requests();
        for (RecordedRequest r : requests.subList(from, requests.size())) {
            seen.add(r.method() + " " + r.path() + " " + r.body());
        }
        return seen;
    }

    private static List<Integer> statuses(HttpResponse<?> response) {
        List<Integer> chain = new ArrayList<>();
        for (HttpResponse<?> r = response; r != null; r = r.previousResponse().orElse(null)) {
            chain.add(0, r.statusCode());
        }
        return chain;
    }

    @ParameterizedTest(name = "{0} answered {1}, policy {2}")
    @CsvSource({
        "GET, 301, NORMAL", "POST, 301, NORMAL", "GET, 302, NORMAL", "POST, 302, NORMAL", "GET, 303, NORMAL",
        "POST, 303, NORMAL", "GET, 307, NORMAL", "POST, 307, NORMAL", "GET, 308, NORMAL", "POST, 308, ALWAYS",
        "POST, 307, NEVER", "GET, 300, ALWAYS",
    })
    @DisplayName("the hops, their methods and bodies and the answer's previous responses are the JDK client's own")
    void sameAsTheJdk(String method, int status, Redirect policy) throws Exception {
        api.admitRequestsWithoutToken(); // the plain client sends none
        URI uri = api.redirect(status, api.uri("/landing"));
        HttpResponse<String> plain = JdkCalls.http(policy).send(request(method, uri), BodyHandlers.ofString());
        List<String> byJdk = arrived(api, 0);
        HttpResponse<String> wrapped = TokenHttpClient.wrap(JdkCalls.http(policy), source)
                .send(request(method, uri), BodyHandlers.ofString());
        assertThat(arrived(api, byJdk.size())).isEqualTo(byJdk);
        assertThat(statuses(wrapped)).isEqualTo(statuses(plain));
        assertThat(wrapped.uri()).isEqualTo(plain.uri());
        assertThat(wrapped.body()).isEqualTo(plain.body());
    }

    @Test
    @DisplayName("a redirect loop ends after the JDK's five hops with the redirect as the answer")
    void loop() throws Exception {
        URI loop = api.uri(ResourceServer.REDIRECT_PATH); // redirects to itself
        HttpResponse<String> plain = JdkCalls.http(Redirect.ALWAYS).send(request("GET", loop), BodyHandlers.ofString());
        int byJdk = api.requestCount();
        HttpResponse<String> wrapped = TokenHttpClient.wrap(JdkCalls.http(Redirect.ALWAYS), source)
                .sendAsync(request("GET", loop), BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
        assertThat(api.requestCount() - byJdk).isEqualTo(byJdk).isEqualTo(5);
        assertThat(wrapped.statusCode()).isEqualTo(plain.statusCode()).isEqualTo(302);
        assertThat(statuses(wrapped)).hasSize(5);
    }

    @Test
    @DisplayName("a hop back to the origin after another origin carries no token: the path was chosen elsewhere")
    void backToOrigin() throws Exception {
        String value = source.token().value();
        URI back = other.redirect(307, api.uri("/back"));
        HttpResponse<String> answer = TokenHttpClient.wrap(JdkCalls.http(Redirect.NORMAL), source)
                .send(request("POST", api.redirect(307, back)), BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("the API's answer to a request without a token").isEqualTo(401);
        assertThat(api.tokensSeen()).containsExactly(value, "-");
        assertThat(other.tokensSeen()).containsExactly("-");
        assertThat(arrived(api, 0)).containsExactly("POST " + ResourceServer.REDIRECT_PATH + " payload", "POST /back payload");
        assertThat(endpoint.requestCount()).as("token requests: the 401 answered no token of ours").isEqualTo(1);
    }

    @Test
    @DisplayName("a 401 from the origin after a redirect within it is replayed once from the first hop, with the new token")
    void replayAfterRedirect() throws Exception {
        var revoked = source.token();
        api.revoke(revoked);
        HttpClient http = TokenHttpClient.wrap(JdkCalls.http(Redirect.NORMAL), source);
        HttpResponse<String> answer = http.send(request("GET", api.redirect(302, api.uri("/landing"))),
                BodyHandlers.ofString());
        String next = source.token().value();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("GET /landing ");
        assertThat(api.tokensSeen()).as("the redirect and the 401, then both again").containsExactly(revoked.value(),
                revoked.value(), next, next);
        assertThat(endpoint.requestCount()).isEqualTo(2);
    }
}
