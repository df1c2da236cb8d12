package dev.tokenkit.oauth2;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testkit.TokenProviderContract;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oauth2 provider passes the tokenkit provider contract with private_key_jwt, its key in a
 * PKCS#12 keystore: Nimbus JOSE+JWT signs on the module path, where the contract runs. The
 * hygiene sweep also searches for the client assertion each request sent and for the private key.
 */
class OAuth2PrivateKeyJwtContractTest extends TokenProviderContract {
    static final String CLIENT_ID = "contract-jwt-client";

    /** One key for the class, made by keytool on first use. */
    private static final class Key {
        static final TestKeys.Pair PAIR = make();

        private static TestKeys.Pair make() {
            try {
                Path dir = Files.createTempDirectory("tokenkit-contract-keys");
                dir.toFile().deleteOnExit();
                // valid around the kit's manual clock, which starts at a fixed instant
                String start = java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss")
                        .withZone(java.time.ZoneOffset.UTC).format(ManualClock.DEFAULT_START.minus(Duration.ofDays(1)));
                TestKeys.Pair pair = TestKeys.generate(dir, "contract", "-keyalg", "RSA", "-keysize", "2048",
                        "-startdate", start, "-validity", "30");
                pair.keystore().toFile().deleteOnExit();
                return pair;
            } catch (Exception e) {
                throw new IllegalStateException("keytool could not make the contract's key", e);
            }
        }
    }

    @Override
    protected String providerId() {
        return "oauth2";
    }

    @Override
    protected ProviderConfig validConfig(URI baseUri) {
        return ProviderConfig.builder()
                .put("token-url", baseUri + "/oauth2/token")
                .put("client-id", CLIENT_ID)
                .put("auth-method", "private_key_jwt")
                .put("key-store", Key.PAIR.keystore().toString())
                .putSecret("key-store-password", TestKeys.PASSWORD)
                .put("assertion-kid", "thumbprint")
                .build();
    }

    @Override
    protected String successBody(String token, String lifetimeJson) {
        return Wire.tokenAnswer(token, lifetimeJson);
    }

    @Override
    protected void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/oauth2/token");
        assertThat(request.header("Authorization")).isEmpty();
        Map<String, String> form = Wire.form(request);
        assertThat(form.keySet()).containsExactly("grant_type", "client_id", "client_assertion_type", "client_assertion");
        assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("client_id", CLIENT_ID)
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        try {
            SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(jwt.getHeader().getKeyID()).isNotBlank();
            assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) Key.PAIR.certificate().getPublicKey()))).isTrue();
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo(CLIENT_ID);
            assertThat(claims.getSubject()).isEqualTo(CLIENT_ID);
            assertThat(claims.getAudience()).containsExactly(config.string("token-url"));
            assertThat(claims.getIssueTime().toInstant()).isBetween(sentAt.minusSeconds(1), sentAt);
            assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                    .isEqualTo(Duration.ofSeconds(60));
            assertThat(claims.getJWTID()).hasSize(22);
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            throw new AssertionError("the client_assertion is not a verifiable JWS", e);
        }
    }

    /** RFC 6749 §5.2: a key the server does not know is 400 or 401 invalid_client, without a Basic challenge. */
    @Override
    protected FakeResponse invalidCredentialsResponse() {
        return FakeResponse.status(401).json("{\"error\":\"invalid_client\",\"error_description\":\"bad assertion\"}");
    }

    /** The signed client assertion: a secret on the wire that is no configured value. */
    @Override
    protected Set<String> sentSecrets(RecordedRequest request) {
        return formValue(request, "client_assertion").map(Set::of).orElse(Set.of());
    }

    /** The private key in the keystore that the non-secret option key-store names, as PEM text and as Base64. */
    @Override
    protected Set<String> keyMaterialSecrets() {
        return Set.of(TestKeys.keyPem(Key.PAIR), TestKeys.keyBase64(Key.PAIR));
    }

    @Override
    protected Collection<Class<?>> extraModuleClasses() {
        return List.of(SignedJWT.class);
    }
}
