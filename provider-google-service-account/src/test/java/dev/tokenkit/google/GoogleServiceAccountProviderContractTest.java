package dev.tokenkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testkit.TokenProviderContract;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * The Google service-account provider passes the tokenkit provider contract (on the module path),
 * its key given as key-json; the hygiene sweep also searches for the assertion each request sent
 * and for the private key.
 */
class GoogleServiceAccountProviderContractTest extends TokenProviderContract {
    private static final KeyPair KEY = TestServiceAccounts.rsa();

    @Override
    protected String providerId() {
        return "google-service-account";
    }

    @Override
    protected ProviderConfig validConfig(URI baseUri) {
        return ProviderConfig.builder()
                .putSecret("key-json", TestServiceAccounts.json(KEY, null))
                .put("scopes", "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/pubsub")
                .put("token-uri", baseUri + "/token")
                .build();
    }

    @Override
    protected String successBody(String token, String lifetimeJson) {
        return "{\"access_token\":\"" + token + "\",\"expires_in\":" + lifetimeJson + ",\"token_type\":\"Bearer\"}";
    }

    @Override
    protected FakeResponse invalidCredentialsResponse() {
        return FakeResponse.status(400).json("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
    }

    /** The signed assertion: a secret on the wire that is no configured value. */
    @Override
    protected Set<String> sentSecrets(RecordedRequest request) {
        return formValue(request, "assertion").map(Set::of).orElse(Set.of());
    }

    /**
     * The private key inside the configured key-json, which the sweep searches for whole: as the
     * PEM text the key file holds and as the Base64 of its encoding.
     */
    @Override
    protected Set<String> keyMaterialSecrets() {
        return Set.of(TestServiceAccounts.pem(KEY), Base64.getEncoder().encodeToString(KEY.getPrivate().getEncoded()));
    }

    @Override
    protected void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/token");
        assertThat(request.header("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/x-www-form-urlencoded"));
        String body = request.body();
        String prefix = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";
        assertThat(body).startsWith(prefix);
        String assertion = URLDecoder.decode(body.substring(prefix.length()), StandardCharsets.UTF_8);
        try {
            assertThat(TestServiceAccounts.verifies(assertion, KEY.getPublic())).as("RS256 signature").isTrue();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        assertThat(TestServiceAccounts.part(assertion, 0)).contains("\"alg\":\"RS256\"")
                .contains("\"kid\":\"" + TestServiceAccounts.KEY_ID + "\"").contains("\"typ\":\"JWT\"");
        long iat = sentAt.getEpochSecond();
        assertThat(TestServiceAccounts.part(assertion, 1)).contains("\"iss\":\"" + TestServiceAccounts.EMAIL + "\"")
                .contains("\"scope\":\"https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/pubsub\"")
                .contains("\"aud\":\"" + config.string("token-uri") + "\"")
                .contains("\"iat\":" + iat).contains("\"exp\":" + (iat + 3600)).doesNotContain("\"sub\"");
    }
}
