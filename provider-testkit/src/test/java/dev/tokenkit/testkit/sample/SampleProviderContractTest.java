package dev.tokenkit.testkit.sample;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.testkit.TokenProviderContract;
import dev.tokenkit.emulators.RecordedRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

// snippet:contract
/** The sample provider passes the contract: this is the whole of a provider's contract test. */
class SampleProviderContractTest extends TokenProviderContract {
    @Override
    protected String providerId() {
        return "sample";
    }

    @Override
    protected ProviderConfig validConfig(URI baseUri) {
        return ProviderConfig.builder()
                .put("base-url", baseUri.toString())
                .put("client-id", "client-1")
                .putSecret("client-secret", "sample-secret-value")
                .build();
    }

    @Override
    protected String successBody(String token, String lifetimeJson) {
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetimeJson + "}";
    }

    @Override
    protected void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/oauth/token");
        assertThat(request.header("Authorization")).contains("Basic " + Base64.getEncoder()
                .encodeToString("client-1:sample-secret-value".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("Content-Type")).contains("application/x-www-form-urlencoded");
        assertThat(request.body()).isEqualTo("grant_type=client_credentials");
    }

    @Override
    protected boolean isModular() {
        return false; // the sample lives in the testkit's test classes, not in a module of its own
    }
}
// end:contract
