package dev.tokenkit.interop.sas;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkit.AccessToken;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testing.ManualScheduler;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code private_key_jwt} (RS256, ES256) and {@code client_secret_jwt} (HS256) against a real
 * Spring Authorization Server, which fetches each client's JWK Set from a loopback server of
 * the test and verifies the assertion tokenkit signed: tokens, the assertions as the server
 * received them, a retry that signs anew, and the server's refusals.
 */
class PrivateKeyJwtTest {
    private static final String RS256_ID = "rs256-client";
    private static final String ES256_ID = "es256-client";
    private static final String HS256_ID = "hs256-client";
    /** 32 bytes at least: HS256's key is the secret's UTF-8 bytes. */
    private static final String HS256_SECRET = "hs256-secret-of-more-than-32-bytes-1";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @TempDir
    static Path dir;
    private static JwksServer jwks;
    private static SpringAuthorizationServer server;
    private static KeyPair rsa;
    private static Path rsaKeyFile;
    private static Path ecKeyFile;
    private static Path strangerKeyFile;

    private final ManualClock clock = ManualClock.at(Instant.now());

    @BeforeAll
    static void start() throws Exception {
        rsa = generate("RSA", null);
        KeyPair ec = generate("EC", new ECGenParameterSpec("secp256r1"));
        rsaKeyFile = dir.resolve("rs256-key.pem");
        TestPki.Pem.writePrivateKey(rsaKeyFile, rsa.getPrivate());
        ecKeyFile = dir.resolve("es256-key.pem");
        TestPki.Pem.writePrivateKey(ecKeyFile, ec.getPrivate());
        strangerKeyFile = dir.resolve("stranger-key.pem");
        TestPki.Pem.writePrivateKey(strangerKeyFile, generate("RSA", null).getPrivate());
        jwks = JwksServer.start();
        JWK rsaJwk = new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyIDFromThumbprint().build();
        JWK ecJwk = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) ec.getPublic()).keyIDFromThumbprint().build();
        server = SpringAuthorizationServer.builder()
                .client(keyClient(RS256_ID, jwks.publish(RS256_ID, List.of(rsaJwk)).toString(), SignatureAlgorithm.RS256))
                .client(keyClient(ES256_ID, jwks.publish(ES256_ID, List.of(ecJwk)).toString(), SignatureAlgorithm.ES256))
                .client(client(HS256_ID, ClientAuthenticationMethod.CLIENT_SECRET_JWT, MacAlgorithm.HS256)
                        .clientSecret(HS256_SECRET)
                        .build())
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (jwks != null) {
            jwks.close();
        }
    }

    @BeforeEach
    void reset() {
        server.tap().reset();
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (curve == null) {
            generator.initialize(2048);
        } else {
            generator.initialize(curve);
        }
        return generator.generateKeyPair();
    }

    private static RegisteredClient.Builder client(String id, ClientAuthenticationMethod method, JwsAlgorithm algorithm) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(id)
                .clientAuthenticationMethod(method)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("read")
                .clientSettings(ClientSettings.builder().tokenEndpointAuthenticationSigningAlgorithm(algorithm).build());
    }

    private static RegisteredClient keyClient(String id, String jwkSetUrl, SignatureAlgorithm algorithm) {
        return client(id, ClientAuthenticationMethod.PRIVATE_KEY_JWT, algorithm)
                .clientSettings(ClientSettings.builder()
                        .tokenEndpointAuthenticationSigningAlgorithm(algorithm)
                        .jwkSetUrl(jwkSetUrl)
                        .build())
                .build();
    }

    private TokenProviders providers() {
        return TokenProviders.load().withClock(clock);
    }

    private ProviderConfig.Builder tokenUrl() {
        return ProviderConfig.builder().put("token-url", server.tokenEndpoint().toString()).put("scope", "read");
    }

    /** tokenkit configured for {@code private_key_jwt} with a PEM key file. */
    private static ProviderConfig.Builder privateKeyJwt(ProviderConfig.Builder b, String clientId, Path keyFile) {
        return b.put("client-id", clientId).put("auth-method", "private_key_jwt").put("private-key-file", keyFile.toString());
    }

    private static ProviderConfig.Builder clientSecretJwt(ProviderConfig.Builder b) {
        return b.put("client-id", HS256_ID).put("auth-method", "client_secret_jwt").putSecret("client-secret", HS256_SECRET);
    }

    private static ProviderConfig.Builder assertionFile(ProviderConfig.Builder b, Path file) {
        return b.put("client-id", RS256_ID).put("auth-method", "private_key_jwt").put("client-assertion-file", file.toString());
    }

    /** The one assertion the server received, as a JWS it can be read from. */
    private static String onlyAssertion() {
        List<Optional<String>> assertions = server.tap().assertions();
        assertThat(assertions).hasSize(1);
        return assertions.get(0).orElseThrow();
    }

    private static void assertAssertion(String assertion, String clientId, String algorithm) {
        JsonObject header = Jwts.header(assertion);
        JsonObject claims = Jwts.claims(assertion);
        assertThat(header.getString("alg")).isEqualTo(algorithm);
        assertThat(claims.getString("iss")).isEqualTo(clientId);
        assertThat(claims.getString("sub")).isEqualTo(clientId);
        assertThat(Jwts.audience(claims)).containsExactly(server.tokenEndpoint().toString());
        assertThat(claims.getJsonNumber("exp").longValue() - claims.getJsonNumber("iat").longValue()).isEqualTo(60);
        assertThat(claims.getString("jti")).isNotBlank();
    }

    @Test
    @DisplayName("control, without tokenkit: an assertion the test signs, posted by the JDK's HttpClient, gets a token")
    void control() throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> answer = DirectCall.post(server.tokenEndpoint(), Map.of("grant_type", "client_credentials",
                "client_id", RS256_ID, "client_assertion_type", JWT_BEARER,
                "client_assertion", sign(RS256_ID, now, now.plusSeconds(60))));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("private_key_jwt, RS256: the server verifies the assertion with the client's JWK Set and answers a token; one request")
    void rs256() {
        AccessToken token = providers().provider("oauth2", privateKeyJwt(tokenUrl(), RS256_ID, rsaKeyFile).build()).fetch();

        assertThat(Jwts.claims(token).getString("sub")).isEqualTo(RS256_ID);
        assertThat(server.tap().posts()).isEqualTo(1);
        assertAssertion(onlyAssertion(), RS256_ID, "RS256");
    }

    @Test
    @DisplayName("private_key_jwt, ES256, configured by issuer: discovery, then a token; one token request")
    void es256WithDiscovery() {
        TokenProvider provider = providers().provider("oauth2", privateKeyJwt(ProviderConfig.builder()
                .put("issuer", server.issuer().toString()).put("scope", "read"), ES256_ID, ecKeyFile).build());

        AccessToken token = provider.fetch();

        assertThat(Jwts.claims(token).getString("sub")).isEqualTo(ES256_ID);
        assertThat(server.tap().posts()).isEqualTo(1);
        assertAssertion(onlyAssertion(), ES256_ID, "ES256");
    }

    @Test
    @DisplayName("client_secret_jwt, HS256: the server verifies the MAC with the client's secret; one request")
    void hs256() {
        AccessToken token = providers().provider("oauth2", clientSecretJwt(tokenUrl()).build()).fetch();

        assertThat(Jwts.claims(token).getString("sub")).isEqualTo(HS256_ID);
        assertThat(server.tap().posts()).isEqualTo(1);
        assertAssertion(onlyAssertion(), HS256_ID, "HS256");
    }

    @Test
    @DisplayName("a retry signs anew: a 503 in front of the server, two requests, two assertions with different jti")
    void retrySignsAnew() throws Exception {
        ManualScheduler scheduler = new ManualScheduler(clock);
        server.tap().failNext(1);
        try (TokenSource source = providers().sourceBuilder("oauth2", privateKeyJwt(tokenUrl(), RS256_ID, rsaKeyFile).build())
                .clock(clock).scheduler(scheduler).fetchExecutor(scheduler).retry(RetryPolicy.defaults()).build()) {
            CompletableFuture<AccessToken> token = source.tokenAsync();
            scheduler.runDueTasks();
            assertThat(server.tap().posts()).isEqualTo(1);

            scheduler.advance(Duration.ofSeconds(1));

            assertThat(Jwts.claims(token.get(10, TimeUnit.SECONDS)).getString("sub")).isEqualTo(RS256_ID);
            assertThat(scheduler.failures()).isEmpty();
        }
        List<String> jtis = server.tap().assertions().stream()
                .map(a -> Jwts.claims(a.orElseThrow()).getString("jti")).toList();
        assertThat(jtis).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("the wrong key (one the client's JWK Set does not hold): invalid_client, InvalidCredentialsException, one request")
    void wrongKey() {
        Throwable thrown = catchThrowable(() -> providers().provider("oauth2",
                privateKeyJwt(tokenUrl(), RS256_ID, strangerKeyFile).build()).fetch());

        assertThat(thrown).isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("invalid_client");
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("an expired assertion (tokenkit's clock ten minutes behind the server's): invalid_client, InvalidCredentialsException")
    void expiredAssertion() {
        ManualClock behind = ManualClock.at(Instant.now().minus(Duration.ofMinutes(10)));

        Throwable thrown = catchThrowable(() -> TokenProviders.load().withClock(behind).provider("oauth2",
                privateKeyJwt(tokenUrl(), RS256_ID, rsaKeyFile).build()).fetch());

        assertThat(thrown).isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("invalid_client");
        assertThat(Jwts.claims(onlyAssertion()).getJsonNumber("exp").longValue())
                .isLessThan(Instant.now().minus(Duration.ofMinutes(5)).getEpochSecond());
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("the wrong key on the command line: exit 3, nothing on stdout")
    void wrongKeyCommandLine() {
        TokenkitCommand run = TokenkitCommand.run(Map.of(), "token", "oauth2", "-c", "token-url=" + server.tokenEndpoint(),
                "-c", "client-id=" + RS256_ID, "-c", "auth-method=private_key_jwt", "-c", "private-key-file=" + strangerKeyFile);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(server.tap().posts()).isEqualTo(1);
    }

    @Test
    @DisplayName("a pre-made assertion from client-assertion-file: a token; an expired one: InvalidCredentialsException")
    void assertionFile() throws Exception {
        Path file = dir.resolve("assertion.jwt");
        Instant now = Instant.now();
        Files.writeString(file, sign(RS256_ID, now, now.plusSeconds(60)), StandardCharsets.US_ASCII);
        TokenProvider provider = providers().provider("oauth2", assertionFile(tokenUrl(), file).build());

        AccessToken token = provider.fetch();
        Files.writeString(file, sign(RS256_ID, now.minusSeconds(600), now.minusSeconds(300)), StandardCharsets.US_ASCII);
        Throwable expired = catchThrowable(provider::fetch);

        assertThat(Jwts.claims(token).getString("sub")).isEqualTo(RS256_ID);
        assertThat(expired).as("the file is read again on every fetch").isInstanceOf(InvalidCredentialsException.class);
        assertThat(server.tap().posts()).isEqualTo(2);
    }

    /** An RS256 assertion for {@code clientId} signed by the test itself, as a workload identity system would. */
    private static String sign(String clientId, Instant issued, Instant expires) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                .audience(server.tokenEndpoint().toString()).issueTime(Date.from(issued))
                .expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
        jwt.sign(new RSASSASigner(rsa.getPrivate()));
        return jwt.serialize();
    }
}
