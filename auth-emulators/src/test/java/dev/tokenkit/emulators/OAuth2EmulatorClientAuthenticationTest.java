package dev.tokenkit.emulators;

import static dev.tokenkit.emulators.OAuth2EmulatorTest.error;
import static dev.tokenkit.emulators.SymblEmulatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.emulators.OAuth2Emulator.ClientAuthentication;
import dev.tokenkit.testing.ManualClock;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OAuth2Emulator}'s client assertions (RFC 7523 2.2) and TLS client certificates (RFC 8705 2). */
class OAuth2EmulatorClientAuthenticationTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String LONG_SECRET = "a-client-secret-of-32-bytes-or-more";

    private final ManualClock clock = ManualClock.create();
    private OAuth2Emulator oauth2;

    @AfterEach
    void stop() {
        if (oauth2 != null) {
            oauth2.close();
        }
    }

    private JsonObjectBuilder claims(String client) {
        long now = clock.instant().getEpochSecond();
        return EmulatorSupport.object().add("iss", client).add("sub", client).add("aud", oauth2.tokenEndpoint().toString())
                .add("iat", now).add("exp", now + 60).add("jti", UUID.randomUUID().toString());
    }

    private static String assertionForm(String assertion) {
        return "grant_type=client_credentials&client_assertion_type="
                + URLEncoder.encode(JwtAndTlsClientAuthentication.ASSERTION_TYPE, StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion;
    }

    private HttpResponse<String> post(HttpClient client, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(oauth2.tokenEndpoint()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String form) throws Exception {
        return post(CLIENT, form);
    }

    private static String sign(String algorithm, JsonObjectBuilder claims, Key key) throws Exception {
        return TestJws.sign(TestJws.header(algorithm, null), claims.build(), key);
    }

    @Test
    @DisplayName("a demo client key: an owner-only PKCS#8 file whose key the client's assertions verify with, deleted on close")
    void demoClientKey() throws Exception {
        oauth2 = OAuth2Emulator.builder().clock(clock).client("demo", List.of("read")).demoClientKey("demo").start();
        Path file = oauth2.demoClientKeyFile().orElseThrow();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String pem = Files.readString(file);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        Key key = java.security.KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
        HttpResponse<String> answer = post(assertionForm(sign("ES256", claims("demo"), key)));
        assertThat(answer.statusCode()).as("%s", answer.body()).isEqualTo(200);
        assertThat(oauth2.server().requestCount()).isEqualTo(1);
        oauth2.close();
        assertThat(file).doesNotExist();
        assertThatThrownBy(() -> OAuth2Emulator.builder().demoClientKey("nobody"))
                .hasMessageContaining("client 'nobody' is not registered");
    }

    @Nested
    @DisplayName("private_key_jwt and client_secret_jwt")
    class Assertions {
        private final KeyPair rsa;
        private final KeyPair ec;

        Assertions() throws Exception {
            rsa = TestJws.keyPair("RS256");
            ec = TestJws.keyPair("ES256");
            oauth2 = OAuth2Emulator.builder().clock(clock)
                    .client("keyed", List.of("read")).clientKeys("keyed", rsa.getPublic(), ec.getPublic())
                    .client("shared", LONG_SECRET, "read").client("short", "short-secret").start();
        }

        @Test
        @DisplayName("an assertion signed with the client's RSA or EC key gets a token; one request each")
        void privateKeyJwt() throws Exception {
            for (String algorithm : List.of("RS256", "PS256", "ES256")) {
                KeyPair pair = algorithm.startsWith("ES") ? ec : rsa;
                HttpResponse<String> answer = post(assertionForm(sign(algorithm, claims("keyed"), pair.getPrivate())));
                assertThat(answer.statusCode()).as("%s: %s", algorithm, answer.body()).isEqualTo(200);
                assertThat(json(answer.body()).getString("scope")).isEqualTo("read");
            }
            assertThat(oauth2.server().requestCount()).isEqualTo(3);
            assertThat(oauth2.tokensIssued()).isEqualTo(3);
        }

        @Test
        @DisplayName("aud may be the issuer; client_id in the form must be the assertion's iss")
        void audienceAndClientId() throws Exception {
            String byIssuer = sign("ES256", claims("keyed").add("aud", oauth2.issuer().toString()), ec.getPrivate());
            assertThat(post(assertionForm(byIssuer) + "&client_id=keyed").statusCode()).isEqualTo(200);

            String other = sign("ES256", claims("keyed"), ec.getPrivate());
            assertThat(error(post(assertionForm(other) + "&client_id=shared"), 400, "invalid_client"))
                    .contains("client_id in the form is not the client assertion's 'iss'");
        }

        @Test
        @DisplayName("a replayed assertion, another key, an expired assertion or a wrong type: 400 invalid_client")
        void refused() throws Exception {
            String assertion = sign("ES256", claims("keyed"), ec.getPrivate());
            assertThat(post(assertionForm(assertion)).statusCode()).isEqualTo(200);
            assertThat(error(post(assertionForm(assertion)), 400, "invalid_client")).contains("used before");

            KeyPair stranger = TestJws.keyPair("ES256");
            assertThat(error(post(assertionForm(sign("ES256", claims("keyed"), stranger.getPrivate()))), 400,
                    "invalid_client")).contains("signature does not verify");

            String expiring = sign("ES256", claims("keyed"), ec.getPrivate());
            clock.advance(Duration.ofSeconds(91));
            assertThat(error(post(assertionForm(expiring)), 400, "invalid_client")).contains("expired");

            String wrongType = assertionForm(sign("ES256", claims("keyed"), ec.getPrivate())).replace("jwt-bearer", "saml2-bearer");
            assertThat(error(post(wrongType), 400, "invalid_client")).contains("client_assertion_type must be");
            assertThat(error(post(assertionForm(sign("ES256", claims("nobody"), ec.getPrivate()))), 400,
                    "invalid_client")).contains("unknown client");
            assertThat(oauth2.tokensIssued()).isEqualTo(1);
            assertThat(oauth2.server().requestCount()).isEqualTo(6);
        }

        @Test
        @DisplayName("client_secret_jwt: HS256 with the client's secret; a secret under 32 bytes cannot sign one")
        void clientSecretJwt() throws Exception {
            SecretKeySpec secret = new SecretKeySpec(LONG_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            assertThat(post(assertionForm(sign("HS256", claims("shared"), secret))).statusCode()).isEqualTo(200);

            SecretKeySpec wrong = new SecretKeySpec("another-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256");
            assertThat(error(post(assertionForm(sign("HS256", claims("shared"), wrong))), 400, "invalid_client"))
                    .contains("does not verify");
            SecretKeySpec shortSecret = new SecretKeySpec("short-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            assertThat(error(post(assertionForm(sign("HS256", claims("short"), shortSecret))), 400, "invalid_client"))
                    .contains("at least 32 bytes");
        }

        @Test
        @DisplayName("an assertion beside Basic or client_secret is two methods: 400 invalid_request")
        void twoMethods() throws Exception {
            String form = assertionForm(sign("ES256", claims("keyed"), ec.getPrivate()));
            assertThat(error(post(form + "&client_secret=x&client_id=keyed"), 400, "invalid_request")).contains("two client");
            HttpResponse<String> withBasic = CLIENT.send(HttpRequest.newBuilder(oauth2.tokenEndpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", OAuth2EmulatorTest.basic("shared", LONG_SECRET))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), BodyHandlers.ofString());
            assertThat(error(withBasic, 400, "invalid_request")).contains("two client");
        }

        @Test
        @DisplayName("a client without a secret cannot use Basic or the body, whatever it sends")
        void noSecret() throws Exception {
            assertThat(error(post("grant_type=client_credentials&client_id=keyed&client_secret=x"), 400, "invalid_client"))
                    .contains("unknown client or wrong secret");
        }

        @Test
        @DisplayName("a server told to take private_key_jwt only refuses client_secret_jwt, and lists only it")
        void privateKeyOnly() throws Exception {
            oauth2.close();
            oauth2 = OAuth2Emulator.builder().clock(clock).client("shared", LONG_SECRET, "read")
                    .authMethods(ClientAuthentication.PRIVATE_KEY_JWT).start();
            SecretKeySpec secret = new SecretKeySpec(LONG_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            assertThat(error(post(assertionForm(sign("HS256", claims("shared"), secret))), 400, "invalid_client"))
                    .contains("no key is registered");
            JsonObject metadata = json(CLIENT.send(HttpRequest.newBuilder(oauth2.metadataEndpoint()).build(),
                    BodyHandlers.ofString()).body());
            assertThat(metadata.getJsonArray("token_endpoint_auth_methods_supported").getValuesAs(JsonString::getString))
                    .containsExactly("private_key_jwt");
        }
    }

    @Nested
    @DisplayName("keys from a file")
    class KeyFile {
        @TempDir
        Path dir;

        @Test
        @DisplayName("a JWK Set file: the assertion's kid picks the key")
        void jwks() throws Exception {
            KeyPair one = TestJws.keyPair("ES256");
            KeyPair two = TestJws.keyPair("RS256");
            Path file = Files.writeString(dir.resolve("jwks.json"), EmulatorSupport.object().add("keys",
                    EmulatorSupport.array().add(TestJws.jwk(one.getPublic(), "one")).add(TestJws.jwk(two.getPublic(), "two")))
                    .build().toString());
            oauth2 = OAuth2Emulator.builder().clock(clock).client("c", List.of()).clientKeys("c", file).start();

            String assertion = TestJws.sign(TestJws.header("RS256", "two"), claims("c").build(), two.getPrivate());
            assertThat(post(assertionForm(assertion)).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> OAuth2Emulator.builder().clientKeys("unregistered", file))
                    .hasMessageContaining("is not registered; register it first");
        }
    }

    @Nested
    @DisplayName("TLS client certificates (HTTPS)")
    class Certificates {
        private final SelfSignedCertificate byName = TestTls.clientCertificate("CN=named-client,O=Acme");
        private final SelfSignedCertificate selfSigned = TestTls.clientCertificate("CN=self-signed-client");

        Certificates() {
            // the certificates are valid from an hour ago, by the system clock
            clock.set(Instant.now());
            oauth2 = OAuth2Emulator.builder().clock(clock).https()
                    .client("named", List.of("read")).clientSubject("named", "CN=named-client, O=Acme")
                    .client("pinned", List.of("read")).clientCertificates("pinned", selfSigned.certificate())
                    .start();
        }

        private HttpClient presenting(SelfSignedCertificate certificate) throws Exception {
            return TestTls.client(oauth2.server().certificate().orElseThrow(), certificate);
        }

        @Test
        @DisplayName("tls_client_auth: a certificate with the registered subject DN authenticates the client_id")
        void bySubject() throws Exception {
            assertThat(oauth2.tokenEndpoint().getScheme()).isEqualTo("https");
            assertThat(post(presenting(byName), "grant_type=client_credentials&client_id=named").statusCode()).isEqualTo(200);
            assertThat(error(post(presenting(selfSigned), "grant_type=client_credentials&client_id=named"), 400,
                    "invalid_client")).contains("not the one registered");
        }

        @Test
        @DisplayName("self_signed_tls_client_auth: only the registered certificate, not another of the same subject")
        void selfSigned() throws Exception {
            assertThat(post(presenting(selfSigned), "grant_type=client_credentials&client_id=pinned").statusCode())
                    .isEqualTo(200);
            SelfSignedCertificate twin = TestTls.clientCertificate("CN=self-signed-client");
            assertThat(error(post(presenting(twin), "grant_type=client_credentials&client_id=pinned"), 400,
                    "invalid_client")).contains("not the one registered");
        }

        @Test
        @DisplayName("no certificate, or an expired one: 400 invalid_client")
        void missingOrExpired() throws Exception {
            assertThat(error(post(presenting(null), "grant_type=client_credentials&client_id=named"), 400, "invalid_client"))
                    .contains("client_id without client_secret or a TLS client certificate");
            clock.set(Instant.now().plus(Duration.ofDays(2)));
            assertThat(error(post(presenting(byName), "grant_type=client_credentials&client_id=named"), 400,
                    "invalid_client")).contains("expired or not yet valid");
        }

        @Test
        @DisplayName("the metadata lists the TLS methods and the token endpoint as its mTLS alias (RFC 8705 5)")
        void metadata() throws Exception {
            JsonObject metadata = json(presenting(null).send(HttpRequest.newBuilder(oauth2.metadataEndpoint()).build(),
                    BodyHandlers.ofString()).body());
            assertThat(metadata.getJsonArray("token_endpoint_auth_methods_supported").getValuesAs(JsonString::getString))
                    .contains("tls_client_auth", "self_signed_tls_client_auth");
            assertThat(metadata.getJsonObject("mtls_endpoint_aliases").getString("token_endpoint"))
                    .isEqualTo(oauth2.tokenEndpoint().toString());
            assertThat(URI.create(metadata.getString("issuer")).getScheme()).isEqualTo("https");
        }
    }
}
