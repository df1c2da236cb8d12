package dev.tokenkit.oauth2;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * private_key_jwt and client_secret_jwt on the wire: each request carries an assertion the server
 * verifies with the client's public key (or the shared secret), with the claims RFC 7523 asks
 * for and a jti never sent before; a retry signs again.
 */
class OAuth2AssertionTest {
    private static final String TOKEN = "{\"access_token\":\"opaque-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    private static final String CLIENT_ID = "assertion-client";
    private static final String HMAC_SECRET = "a-client-secret-of-at-least-32-bytes!";
    @TempDir
    static Path dir;
    private static TestKeys.Pair rsa;
    private static TestKeys.Pair ec;
    private static Path rsaPem;

    private final ManualClock clock = ManualClock.at(Instant.now());
    private final TokenProviders providers = TokenProviders.load().withClock(clock);
    private final FakeTokenServer server = FakeTokenServer.start();

    @BeforeAll
    static void keys() throws Exception {
        rsa = TestKeys.generate(dir, "rsa-client", "-keyalg", "RSA", "-keysize", "2048");
        ec = TestKeys.generate(dir, "ec-client", "-keyalg", "EC", "-groupname", "secp256r1");
        rsaPem = TestKeys.writeKeyPem(rsa, dir.resolve("rsa-client.pem"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String tokenUrl() {
        return server.baseUri() + "/oauth2/token";
    }

    private ProviderConfig.Builder base(String method) {
        return ProviderConfig.builder().put("token-url", tokenUrl()).put("client-id", CLIENT_ID).put("auth-method", method);
    }

    private List<RecordedRequest> fetch(ProviderConfig config, int times) {
        var provider = providers.provider("oauth2", config);
        for (int i = 0; i < times; i++) {
            server.enqueue(FakeResponse.ok(TOKEN));
            provider.fetch();
        }
        assertThat(server.requestCount()).as("one request per fetch").isEqualTo(times);
        return server.requests();
    }

    /** The assertion of a request, after checking the form RFC 7523 section 2.2 asks for. */
    private static SignedJWT assertion(RecordedRequest request) throws Exception {
        Map<String, String> form = Wire.form(request);
        assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("client_id", CLIENT_ID)
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .doesNotContainKey("client_secret");
        assertThat(request.header("Authorization")).isEmpty();
        return SignedJWT.parse(form.get("client_assertion"));
    }

    private void assertClaims(JWTClaimsSet claims, String audience, Duration lifetime) {
        assertThat(claims.getIssuer()).isEqualTo(CLIENT_ID);
        assertThat(claims.getSubject()).isEqualTo(CLIENT_ID);
        assertThat(claims.getAudience()).containsExactly(audience);
        Instant now = clock.instant();
        assertThat(claims.getIssueTime().toInstant()).isBetween(now.minusSeconds(1), now);
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(lifetime);
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    @DisplayName("private_key_jwt with a PEM RSA key: RS256, verified with the public key, a fresh jti per request")
    void privateKeyJwtRs256() throws Exception {
        List<RecordedRequest> requests = fetch(base("private_key_jwt").put("private-key-file", rsaPem.toString())
                .put("assertion-kid", "key-2026").put("scope", "read").build(), 3);

        List<String> ids = new ArrayList<>();
        for (RecordedRequest request : requests) {
            SignedJWT jwt = assertion(request);
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(jwt.getHeader().getKeyID()).isEqualTo("key-2026");
            assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) rsa.certificate().getPublicKey()))).isTrue();
            assertClaims(jwt.getJWTClaimsSet(), tokenUrl(), Duration.ofSeconds(60));
            assertThat(jwt.getJWTClaimsSet().getNotBeforeTime()).isNull();
            assertThat(Wire.form(request)).containsEntry("scope", "read");
            ids.add(jwt.getJWTClaimsSet().getJWTID());
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("private_key_jwt from a PKCS#12 keystore, as Entra ID wants it: ES256, x5t of the certificate, thumbprint kid")
    void privateKeyJwtFromKeystoreWithX5t() throws Exception {
        RecordedRequest request = fetch(base("private_key_jwt").put("key-store", ec.keystore().toString())
                .putSecret("key-store-password", TestKeys.PASSWORD).put("assertion-x5t", "true")
                .put("assertion-kid", "thumbprint").put("assertion-lifetime", "5m").put("assertion-nbf", "true")
                .put("assertion-claims", "{\"tenant\":\"t-1\",\"roles\":[\"a\",\"b\"]}").build(), 1).get(0);

        SignedJWT jwt = assertion(request);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) ec.certificate().getPublicKey()))).isTrue();
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(ec.certificate().getEncoded());
        assertThat(jwt.getHeader().toJSONObject().get("x5t"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(sha1));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (ECPublicKey) ec.certificate().getPublicKey()).build().computeThumbprint().toString());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertClaims(claims, tokenUrl(), Duration.ofMinutes(5));
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(claims.getStringClaim("tenant")).isEqualTo("t-1");
        assertThat(claims.getStringListClaim("roles")).containsExactly("a", "b");
    }

    @Test
    @DisplayName("client_secret_jwt: HS256 with the client secret, which is never sent itself")
    void clientSecretJwt() throws Exception {
        RecordedRequest request = fetch(base("client_secret_jwt").putSecret("client-secret", HMAC_SECRET)
                .put("assertion-audience", "https://as.example/").build(), 1).get(0);

        SignedJWT jwt = assertion(request);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(HMAC_SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertClaims(jwt.getJWTClaimsSet(), "https://as.example/", Duration.ofSeconds(60));
        assertThat(request.body()).doesNotContain("a-client-secret");
    }

    @Test
    @DisplayName("a retry after a 503 signs a new assertion: two requests, two jtis, both valid")
    void retrySignsAgain() throws Exception {
        ManualScheduler scheduler = new ManualScheduler(clock);
        server.enqueue(FakeResponse.status(503).json("{\"error\":\"temporarily_unavailable\"}"), FakeResponse.ok(TOKEN));
        try (TokenSource source = TokenSource.builder(providers.provider("oauth2", base("private_key_jwt")
                        .put("private-key-file", rsaPem.toString()).build()))
                .clock(clock).scheduler(scheduler).fetchExecutor(scheduler)
                .retry(RetryPolicy.builder().maxAttempts(3).backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(4)).jitter(0)
                        .build()).build()) {
            var pending = source.tokenAsync();
            Instant deadline = clock.instant().plusSeconds(60);
            while (!pending.isDone() && clock.instant().isBefore(deadline)) {
                scheduler.advance(Duration.ofMillis(500));
            }
            assertThat(pending).isCompleted();
            assertThat(scheduler.failures()).isEmpty();
        }
        assertThat(server.requestCount()).as("the failed request and its one retry").isEqualTo(2);
        SignedJWT first = assertion(server.requests().get(0));
        SignedJWT second = assertion(server.requests().get(1));
        RSASSAVerifier verifier = new RSASSAVerifier((RSAPublicKey) rsa.certificate().getPublicKey());
        assertThat(first.verify(verifier)).isTrue();
        assertThat(second.verify(verifier)).isTrue();
        assertThat(second.getJWTClaimsSet().getJWTID()).isNotEqualTo(first.getJWTClaimsSet().getJWTID());
        assertThat(second.getJWTClaimsSet().getIssueTime()).isAfter(first.getJWTClaimsSet().getIssueTime());
    }

    @Test
    @DisplayName("client-assertion-file is read again for every request: a rotated assertion is sent at once")
    void assertionFileIsReadEveryTime() throws Exception {
        Path file = dir.resolve("projected-token");
        Files.writeString(file, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmaXJzdCJ9.c2lnbmF0dXJlLTE\n");
        var provider = providers.provider("oauth2", base("private_key_jwt")
                .put("client-assertion-file", file.toString()).build());
        server.enqueue(FakeResponse.ok(TOKEN), FakeResponse.ok(TOKEN));
        provider.fetch();
        Files.writeString(file, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNvbmQifQ.c2lnbmF0dXJlLTI");
        provider.fetch();

        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(Wire.form(server.requests().get(0))).containsEntry("client_assertion",
                "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmaXJzdCJ9.c2lnbmF0dXJlLTE");
        assertThat(Wire.form(server.requests().get(1))).containsEntry("client_assertion",
                "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNvbmQifQ.c2lnbmF0dXJlLTI")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .containsEntry("client_id", CLIENT_ID);
        assertThat(provider.toString()).doesNotContain("eyJ");
    }

    @Test
    @DisplayName("client-assertion from a Java supplier is asked at every request, never at creation")
    void assertionSupplierIsAskedEveryTime() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        var provider = providers.provider("oauth2", base("private_key_jwt").putSecret("client-assertion",
                () -> "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ3b3JrbG9hZCJ9.c2lnLQ" + calls.incrementAndGet()).build());
        assertThat(calls).as("asked by create").hasValue(0);
        server.enqueue(FakeResponse.ok(TOKEN), FakeResponse.ok(TOKEN));
        provider.fetch();
        provider.fetch();

        assertThat(calls).hasValue(2);
        assertThat(Wire.form(server.requests().get(0))).containsEntry("client_assertion",
                "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ3b3JrbG9hZCJ9.c2lnLQ1");
        assertThat(Wire.form(server.requests().get(1))).containsEntry("client_assertion",
                "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ3b3JrbG9hZCJ9.c2lnLQ2");
    }

    @Test
    @DisplayName("with an issuer: a server listing only private_key_jwt and RS256 works, and aud=issuer is the issuer")
    void discoveryListingOnlyPrivateKeyJwt() throws Exception {
        String issuer = server.baseUri() + "/tenant";
        server.respondWith(request -> request.path().startsWith("/.well-known/")
                ? FakeResponse.ok("{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + tokenUrl() + "\","
                        + "\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"],"
                        + "\"token_endpoint_auth_signing_alg_values_supported\":[\"RS256\",\"PS256\"]}")
                : FakeResponse.ok(TOKEN));
        providers.provider("oauth2", ProviderConfig.builder().put("issuer", issuer).put("client-id", CLIENT_ID)
                .put("auth-method", "private_key_jwt").put("private-key-file", rsaPem.toString())
                .put("assertion-audience", "issuer").build()).fetch();

        assertThat(server.requestCount()).isEqualTo(2);
        SignedJWT jwt = assertion(server.requests().get(1));
        assertClaims(jwt.getJWTClaimsSet(), issuer, Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("a server whose signing algorithms exclude the assertion's: a configuration error naming the option")
    void signingAlgorithmNotListed() {
        String issuer = server.baseUri() + "/tenant";
        server.respondWith(request -> FakeResponse.ok("{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\""
                + tokenUrl() + "\",\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"],"
                + "\"token_endpoint_auth_signing_alg_values_supported\":[\"ES256\"]}"));
        var provider = providers.provider("oauth2", ProviderConfig.builder().put("issuer", issuer)
                .put("client-id", CLIENT_ID).put("auth-method", "private_key_jwt")
                .put("private-key-file", rsaPem.toString()).build());

        org.assertj.core.api.Assertions.assertThatThrownBy(provider::fetch)
                .isInstanceOf(dev.tokenkit.ProviderConfigurationException.class)
                .hasMessageContaining("lists token_endpoint_auth_signing_alg_values_supported [ES256] without RS256;"
                        + " set assertion-algorithm to one of them");
        assertThat(server.requestCount()).as("discovery only, no token request").isEqualTo(1);
    }
}
