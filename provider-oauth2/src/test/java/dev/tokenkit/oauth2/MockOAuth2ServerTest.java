package dev.tokenkit.oauth2;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider against a real, independent OAuth 2.0 server: NAV's mock-oauth2-server (Kotlin,
 * Nimbus OAuth SDK), embedded on a free loopback port. It issues signed JWTs to any client and
 * checks no secret, so every test also asserts the request it received, from its own log.
 */
class MockOAuth2ServerTest {
    private static final String ISSUER_ID = "tokenkit";
    /** An id with characters that RFC 6749 §2.3.1's form encoding changes; Nimbus decodes it back. */
    private static final String CLIENT_ID = "mock:client+1/&=";
    private static final String CLIENT_SECRET = "mock-secret:+/&= é";
    private static MockOAuth2Server server;

    @BeforeAll
    static void start() {
        server = new MockOAuth2Server();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stop() {
        server.shutdown();
    }

    @BeforeEach
    void drain() {
        // requests of an earlier test that it did not take
        while (next(1) != null) {
            continue;
        }
    }

    /** The next request the server received, waiting at most {@code millis}; {@code null} when none came. */
    private static RecordedRequest next(long millis) {
        try {
            return server.takeRequest(millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // mock-oauth2-server's way of saying that the queue stayed empty
            if (String.valueOf(e.getMessage()).startsWith("no request found in queue")) {
                return null;
            }
            throw e;
        }
    }

    private static ProviderConfig config(UnaryOperator<ProviderConfig.Builder> endpoint) {
        return endpoint.apply(ProviderConfig.builder()
                .put("client-id", CLIENT_ID)
                .putSecret("client-secret", CLIENT_SECRET)
                .put("scope", "read write")).build();
    }

    private static ProviderConfig.Builder tokenUrl(ProviderConfig.Builder b) {
        return b.put("token-url", server.tokenEndpointUrl(ISSUER_ID).toString());
    }

    private static ProviderConfig.Builder issuer(ProviderConfig.Builder b) {
        return b.put("issuer", server.issuerUrl(ISSUER_ID).toString());
    }

    /** Every request the server received since the last call, in order. */
    private static List<RecordedRequest> received() {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest r;
        while ((r = next(100)) != null) {
            requests.add(r);
        }
        return requests;
    }

    private static JsonObject claims(AccessToken token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.value().split("\\.")[1]), StandardCharsets.UTF_8);
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }

    private static void assertTokenRequest(RecordedRequest request, String body) {
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/" + ISSUER_ID + "/token");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.getHeader("Accept")).isEqualTo("application/json");
        assertThat(request.getBody().readUtf8()).isEqualTo(body);
    }

    @Test
    @DisplayName("client_secret_basic via token-url: a signed JWT whose subject is the client id, Basic encoded as RFC 6749 says")
    void basicWithTokenUrl() {
        Instant before = Instant.now();
        AccessToken token = TokenProviders.load().provider("oauth2", config(MockOAuth2ServerTest::tokenUrl)).fetch();

        assertThat(token.type()).isEqualTo("Bearer");
        assertThat(token.expiresAt()).hasValueSatisfying(e -> assertThat(e).isAfter(before.plus(Duration.ofMinutes(30))));
        JsonObject claims = claims(token);
        assertThat(claims.getString("sub")).as("the server decoded the id as RFC 6749 2.3.1 says").isEqualTo(CLIENT_ID);
        assertThat(claims.getString("iss")).isEqualTo(server.issuerUrl(ISSUER_ID).toString());
        List<RecordedRequest> requests = received();
        assertThat(requests).hasSize(1);
        assertTokenRequest(requests.get(0), "grant_type=client_credentials&scope=read+write");
        assertThat(Wire.basicCredentials(requests.get(0).getHeader("Authorization"))).containsExactly(CLIENT_ID, CLIENT_SECRET);
    }

    @Test
    @DisplayName("client_secret_post via token-url (allow-insecure-http=true): the credentials in the form, no Authorization")
    void postWithTokenUrl() {
        AccessToken token = TokenProviders.load().provider("oauth2", config(b -> tokenUrl(b)
                .put("auth-method", "client_secret_post").put("allow-insecure-http", "true"))).fetch();

        assertThat(claims(token).getString("sub")).isEqualTo(CLIENT_ID);
        List<RecordedRequest> requests = received();
        assertThat(requests).hasSize(1);
        assertTokenRequest(requests.get(0), "grant_type=client_credentials&client_id=mock%3Aclient%2B1%2F%26%3D"
                + "&client_secret=mock-secret%3A%2B%2F%26%3D+%C3%A9&scope=read+write");
        assertThat(requests.get(0).getHeader("Authorization")).isNull();
    }

    @Test
    @DisplayName("issuer discovery: RFC 8414's inserted address answers 405, OpenID Connect's is read, once for many fetches")
    void discovery() {
        TokenProvider provider = TokenProviders.load().provider("oauth2", config(MockOAuth2ServerTest::issuer));

        for (int i = 0; i < 3; i++) {
            provider.fetch();
        }

        List<RecordedRequest> requests = received();
        assertThat(requests).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly(
                "GET /.well-known/oauth-authorization-server/" + ISSUER_ID,
                "GET /" + ISSUER_ID + "/.well-known/openid-configuration",
                "POST /" + ISSUER_ID + "/token", "POST /" + ISSUER_ID + "/token", "POST /" + ISSUER_ID + "/token");
        assertTokenRequest(requests.get(2), "grant_type=client_credentials&scope=read+write");
        assertThat(provider.toString()).contains("token endpoint " + server.tokenEndpointUrl(ISSUER_ID));
    }

    @Test
    @DisplayName("what the docs say of this server: RFC 8414 metadata appended to the issuer; the inserted address is 405, not 404")
    void appendsRfc8414Metadata() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI appended = URI.create(server.issuerUrl(ISSUER_ID) + "/.well-known/oauth-authorization-server");
        URI inserted = IssuerDiscovery.rfc8414Address(server.issuerUrl(ISSUER_ID).uri());

        HttpResponse<String> appendedAnswer = client.send(HttpRequest.newBuilder(appended).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> insertedAnswer = client.send(HttpRequest.newBuilder(inserted).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(server.oauth2AuthorizationServerMetadataUrl(ISSUER_ID).uri()).isEqualTo(appended);
        assertThat(appendedAnswer.statusCode()).isEqualTo(200);
        assertThat(appendedAnswer.body()).contains("\"token_endpoint\"");
        // its router takes ".well-known" for an issuer id and answers 405: why discovery falls back on
        // any 4xx but 429, not on 404 alone
        assertThat(insertedAnswer.statusCode()).isEqualTo(405);
        received();
    }

    @Test
    @DisplayName("the engine end to end: a TokenSource from TokenProviders, cached, one request")
    void engine() {
        try (TokenSource source = TokenProviders.load().source("oauth2", config(MockOAuth2ServerTest::issuer))) {
            AccessToken first = source.token();
            AccessToken second = source.token();

            assertThat(second).isSameAs(first);
            assertThat(first.authorizationHeader()).startsWith("Bearer ey");
        }
        assertThat(received()).extracting(RecordedRequest::getMethod).containsExactly("GET", "GET", "POST");
    }
}
