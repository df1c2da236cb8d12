package dev.tokenkit.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.emulators.JwsVerifier.Expected;
import dev.tokenkit.emulators.JwsVerifier.Rejected;
import dev.tokenkit.emulators.JwsVerifier.VerificationKey;
import dev.tokenkit.testing.ManualClock;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwsVerifierTest {
    private static final String CLIENT = "client-1";
    private static final String AUDIENCE = "https://server.example/token";
    private static final Expected CLIENT_ASSERTION = new Expected(CLIENT, Optional.of(CLIENT), Set.of(AUDIENCE),
            Optional.empty(), true);

    private final ManualClock clock = ManualClock.create();
    private final JwsVerifier verifier = new JwsVerifier(clock);

    private JsonObjectBuilder claims() {
        long now = clock.instant().getEpochSecond();
        return EmulatorSupport.object().add("iss", CLIENT).add("sub", CLIENT).add("aud", AUDIENCE)
                .add("iat", now).add("exp", now + 60).add("jti", UUID.randomUUID().toString());
    }

    private static VerificationKey key(KeyPair pair) {
        return new VerificationKey(Optional.empty(), pair.getPublic());
    }

    private String verifyRejected(String jws, List<VerificationKey> keys, Expected expected) {
        return assertThatThrownBy(() -> verifier.verify(jws, keys, expected)).isInstanceOf(Rejected.class)
                .actual().getMessage();
    }

    @Nested
    @DisplayName("signatures")
    class Signatures {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"RS256", "PS256", "ES256", "ES384", "EdDSA"})
        @DisplayName("each algorithm verifies with the public key and not with another key of its kind")
        void algorithms(String algorithm) throws Exception {
            KeyPair pair = TestJws.keyPair(algorithm);
            JsonObject claims = claims().build();
            String jws = TestJws.sign(TestJws.header(algorithm, null), claims, pair.getPrivate());

            assertThat(verifier.verify(jws, List.of(key(pair)), CLIENT_ASSERTION)).isEqualTo(claims);
            String other = TestJws.sign(TestJws.header(algorithm, null), claims().build(), pair.getPrivate());
            assertThat(verifyRejected(other, List.of(key(TestJws.keyPair(algorithm))), CLIENT_ASSERTION))
                    .contains("signature does not verify with the registered key");
        }

        @Test
        @DisplayName("HS256 verifies with the shared secret; a secret under 32 bytes is refused (RFC 7518 3.2)")
        void hmac() throws Exception {
            SecretKeySpec secret = new SecretKeySpec("a-client-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256");
            String jws = TestJws.sign(TestJws.header("HS256", null), claims().build(), secret);
            assertThat(verifier.verify(jws, List.of(new VerificationKey(Optional.empty(), secret)), CLIENT_ASSERTION))
                    .containsKey("jti");

            SecretKeySpec shortSecret = new SecretKeySpec("short".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            String weak = TestJws.sign(TestJws.header("HS256", null), claims().build(), shortSecret);
            assertThat(verifyRejected(weak, List.of(new VerificationKey(Optional.empty(), shortSecret)), CLIENT_ASSERTION))
                    .contains("at least 32 bytes");
        }

        @Test
        @DisplayName("a changed payload, alg none, a crit header, an RSA key under 2048 bits and a mismatched kid are refused")
        void refused() throws Exception {
            KeyPair pair = TestJws.keyPair("ES256");
            String jws = TestJws.sign(TestJws.header("ES256", null), claims().build(), pair.getPrivate());
            String[] parts = jws.split("\\.");
            String changed = parts[0] + '.' + TestJws.encode(claims().add("scope", "admin").build().toString()) + '.' + parts[2];
            assertThat(verifyRejected(changed, List.of(key(pair)), CLIENT_ASSERTION)).contains("does not verify");

            String none = TestJws.encode("{\"alg\":\"none\"}") + '.' + parts[1] + '.';
            assertThat(verifyRejected(none, List.of(key(pair)), CLIENT_ASSERTION)).contains("algorithm is not one");
            String crit = TestJws.sign(EmulatorSupport.object().add("alg", "ES256").add("crit",
                    EmulatorSupport.array().add("b64")).build(), claims().build(), pair.getPrivate());
            assertThat(verifyRejected(crit, List.of(key(pair)), CLIENT_ASSERTION)).contains("'crit'");

            KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
            small.initialize(1024);
            KeyPair weak = small.generateKeyPair();
            String rsa = TestJws.sign(TestJws.header("RS256", null), claims().build(), weak.getPrivate());
            assertThat(verifyRejected(rsa, List.of(key(weak)), CLIENT_ASSERTION)).contains("2048 bits");

            String kid = TestJws.sign(TestJws.header("ES256", "k2"), claims().build(), pair.getPrivate());
            assertThat(verifyRejected(kid, List.of(new VerificationKey(Optional.of("k1"), pair.getPublic())),
                    CLIENT_ASSERTION)).contains("'kid'");
            assertThat(verifyRejected("a.b", List.of(key(pair)), CLIENT_ASSERTION)).contains("three parts");
        }

        @Test
        @DisplayName("a kid picks its key among several")
        void kid() throws Exception {
            KeyPair one = TestJws.keyPair("RS256");
            KeyPair two = TestJws.keyPair("RS256");
            List<VerificationKey> keys = List.of(new VerificationKey(Optional.of("one"), one.getPublic()),
                    new VerificationKey(Optional.of("two"), two.getPublic()));
            String jws = TestJws.sign(TestJws.header("RS256", "two"), claims().build(), two.getPrivate());
            assertThat(verifier.verify(jws, keys, CLIENT_ASSERTION)).containsKey("iss");
        }
    }

    @Nested
    @DisplayName("claims")
    class Claims {
        private final KeyPair pair;

        Claims() throws Exception {
            pair = TestJws.keyPair("ES256");
        }

        private String sign(JsonObjectBuilder claims) throws Exception {
            return TestJws.sign(TestJws.header("ES256", null), claims.build(), pair.getPrivate());
        }

        private String rejected(JsonObjectBuilder claims) throws Exception {
            return verifyRejected(sign(claims), List.of(key(pair)), CLIENT_ASSERTION);
        }

        @Test
        @DisplayName("iss and sub must be the client, aud must name the server; messages never quote a claim")
        void identity() throws Exception {
            assertThat(rejected(claims().add("iss", "intruder"))).contains("'iss' is not the client").doesNotContain("intruder");
            assertThat(rejected(claims().add("sub", "intruder"))).contains("'sub' is not the client");
            assertThat(rejected(claims().add("aud", "https://elsewhere"))).contains("'aud' does not name this server")
                    .doesNotContain("elsewhere");
            assertThat(verifier.verify(sign(claims().add("aud", EmulatorSupport.array().add("x").add(AUDIENCE))),
                    List.of(key(pair)), CLIENT_ASSERTION)).containsKey("aud");
        }

        @Test
        @DisplayName("exp is required and, past it (30 s leeway on the clock), refused; iat and nbf in the future are refused")
        void times() throws Exception {
            long now = clock.instant().getEpochSecond();
            assertThat(rejected(claims().remove("exp"))).contains("no 'exp'");
            String jws = sign(claims());
            clock.advance(Duration.ofSeconds(60 + 29));
            assertThat(verifier.verify(jws, List.of(key(pair)), CLIENT_ASSERTION)).isNotNull();
            clock.advance(Duration.ofSeconds(1));
            assertThat(verifyRejected(sign(claims().add("exp", now + 60)), List.of(key(pair)), CLIENT_ASSERTION))
                    .contains("expired");
            long later = clock.instant().getEpochSecond();
            assertThat(rejected(claims().add("iat", later + 31))).contains("'iat' is in the future");
            assertThat(rejected(claims().add("nbf", later + 31))).contains("not valid yet");
            assertThat(rejected(claims().add("exp", "soon"))).contains("is not a number");
        }

        @Test
        @DisplayName("a jti is required when asked for, and a replay is refused until the first assertion expires")
        void replay() throws Exception {
            assertThat(rejected(claims().remove("jti"))).contains("no 'jti'");
            String jws = sign(claims());
            verifier.verify(jws, List.of(key(pair)), CLIENT_ASSERTION);
            assertThat(verifyRejected(jws, List.of(key(pair)), CLIENT_ASSERTION)).contains("used before");

            long now = clock.instant().getEpochSecond();
            JsonObjectBuilder reused = claims().add("jti", "j-1").add("exp", now + 600);
            verifier.verify(sign(reused), List.of(key(pair)), CLIENT_ASSERTION);
            clock.advance(Duration.ofSeconds(600 + 31));
            long after = clock.instant().getEpochSecond();
            assertThat(verifier.verify(sign(claims().add("jti", "j-1").add("iat", after).add("exp", after + 60)),
                    List.of(key(pair)), CLIENT_ASSERTION)).isNotNull();
        }

        @Test
        @DisplayName("a maximum lifetime needs iat and bounds exp - iat; no subject expected accepts any")
        void lifetime() throws Exception {
            Expected grant = new Expected(CLIENT, Optional.empty(), Set.of(AUDIENCE), Optional.of(Duration.ofHours(1)), false);
            long now = clock.instant().getEpochSecond();
            List<VerificationKey> keys = List.of(key(pair));
            assertThat(verifier.verify(sign(claims().remove("jti").add("sub", "user@example.com").add("exp", now + 3600)),
                    keys, grant)).isNotNull();
            assertThat(verifyRejected(sign(claims().add("exp", now + 3601)), keys, grant)).contains("over 3600 seconds");
            assertThat(verifyRejected(sign(claims().remove("iat")), keys, grant)).contains("no 'iat'");
        }
    }

    @Nested
    @DisplayName("key files")
    class KeyFiles {
        @TempDir
        Path dir;

        @Test
        @DisplayName("a JWK Set of RSA, EC and Ed25519 keys verifies each key's JWTs, by kid")
        void jwks() throws Exception {
            KeyPair rsa = TestJws.keyPair("RS256");
            KeyPair ec = TestJws.keyPair("ES384");
            KeyPair ed = TestJws.keyPair("EdDSA");
            Path file = Files.writeString(dir.resolve("jwks.json"), EmulatorSupport.object().add("keys",
                    EmulatorSupport.array().add(TestJws.jwk(rsa.getPublic(), "r")).add(TestJws.jwk(ec.getPublic(), "e"))
                            .add(TestJws.jwk(ed.getPublic(), "d"))).build().toString());

            List<VerificationKey> keys = PublicKeyFiles.keys(file);

            assertThat(keys).extracting(k -> k.key()).containsExactly(rsa.getPublic(), ec.getPublic(), ed.getPublic());
            assertThat(verifier.verify(TestJws.sign(TestJws.header("EdDSA", "d"), claims().build(), ed.getPrivate()), keys,
                    CLIENT_ASSERTION)).isNotNull();
            assertThat(verifier.verify(TestJws.sign(TestJws.header("ES384", "e"), claims().build(), ec.getPrivate()), keys,
                    CLIENT_ASSERTION)).isNotNull();
        }

        @Test
        @DisplayName("PEM public keys and certificates are read; a private key is refused without quoting it")
        void pem() throws Exception {
            KeyPair rsa = TestJws.keyPair("RS256");
            SelfSignedCertificate certificate = TestTls.clientCertificate("CN=client-1");
            Path file = Files.writeString(dir.resolve("keys.pem"), TestJws.pem("PUBLIC KEY", rsa.getPublic().getEncoded())
                    + TestJws.pem("CERTIFICATE", certificate.certificate().getEncoded()));

            assertThat(PublicKeyFiles.keys(file)).extracting(k -> k.key())
                    .containsExactly(rsa.getPublic(), certificate.certificate().getPublicKey());
            Path certificateFile = Files.writeString(dir.resolve("cert.pem"),
                    TestJws.pem("CERTIFICATE", certificate.certificate().getEncoded()));
            assertThat(PublicKeyFiles.certificates(certificateFile)).containsExactly(certificate.certificate());
            assertThatThrownBy(() -> PublicKeyFiles.certificates(file)).hasMessageContaining("other than CERTIFICATE");

            String privatePem = TestJws.pem("PRIVATE KEY", rsa.getPrivate().getEncoded());
            Path privateFile = Files.writeString(dir.resolve("private.pem"), privatePem);
            assertThatThrownBy(() -> PublicKeyFiles.keys(privateFile)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("holds a private key; give the server only its public half")
                    .hasMessageNotContaining(privatePem.split("\n")[1]);
            assertThatThrownBy(() -> PublicKeyFiles.keys(dir.resolve("missing.pem"))).hasMessageContaining("cannot be read");
        }
    }
}
