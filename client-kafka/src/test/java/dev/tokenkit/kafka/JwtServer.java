package dev.tokenkit.kafka;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.mockwebserver.RecordedRequest;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OAuth 2.0 server for the broker tests: NAV's mock-oauth2-server on a loopback port,
 * issuing JWTs signed with a key it publishes as a JWK Set. Its issuer {@value #ISSUER} answers a
 * client-credentials request for scope {@value #KAFKA_SCOPE} with a token for audience
 * {@value #AUDIENCE} and subject {@value #SUBJECT}, and for scope {@value #OTHER_SCOPE} with a
 * token for another audience; every token lives {@code lifetime}.
 */
final class JwtServer implements AutoCloseable {
    static final String ISSUER = "idp";
    static final String AUDIENCE = "kafka";
    static final String SUBJECT = "orders-service";
    static final String KAFKA_SCOPE = "kafka:write kafka:read";
    static final String OTHER_SCOPE = "billing";

    private final MockOAuth2Server server;
    private int tokenRequests;

    private JwtServer(MockOAuth2Server server) {
        this.server = server;
    }

    static JwtServer start(Duration lifetime) {
        String config = """
                {"interactiveLogin": false, "tokenCallbacks": [{"issuerId": "%s", "tokenExpiry": %d, "requestMappings": [
                  {"requestParam": "scope", "match": "%s", "claims": {"sub": "%s", "aud": ["%s"], "scope": "%s"}},
                  {"requestParam": "scope", "match": "%s", "claims": {"sub": "%s", "aud": ["billing-api"]}}]}]}
                """.formatted(ISSUER, lifetime.toSeconds(), KAFKA_SCOPE, SUBJECT, AUDIENCE, KAFKA_SCOPE, OTHER_SCOPE,
                SUBJECT);
        MockOAuth2Server server = new MockOAuth2Server(OAuth2Config.Companion.fromJson(config));
        server.start(InetAddress.getLoopbackAddress(), 0);
        return new JwtServer(server);
    }

    String issuer() {
        return server.issuerUrl(ISSUER).toString();
    }

    String tokenUrl() {
        return server.tokenEndpointUrl(ISSUER).toString();
    }

    String jwksUrl() {
        return server.jwksUrl(ISSUER).toString();
    }

    /** @return the token requests the server has answered so far (the broker's JWK Set reads not counted) */
    synchronized int tokenRequests() {
        RecordedRequest request;
        while ((request = next()) != null) {
            if ("POST".equals(request.getMethod()) && String.valueOf(request.getPath()).endsWith("/token")) {
                tokenRequests++;
            }
        }
        return tokenRequests;
    }

    private RecordedRequest next() {
        try {
            return server.takeRequest(1, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // mock-oauth2-server's way of saying that the queue is empty
            if (String.valueOf(e.getMessage()).startsWith("no request found in queue")) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
