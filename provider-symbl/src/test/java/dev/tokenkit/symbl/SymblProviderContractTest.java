package dev.tokenkit.symbl;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.testkit.TokenProviderContract;
import dev.tokenkit.emulators.RecordedRequest;

import java.net.URI;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The Symbl provider passes the tokenkit provider contract. */
class SymblProviderContractTest extends TokenProviderContract {
    @Override
    protected String providerId() {
        return "symbl";
    }

    @Override
    protected ProviderConfig validConfig(URI baseUri) {
        return ProviderConfig.builder()
                .put("base-url", baseUri.toString())
                .put("app-id", "symbl-app-id-1")
                .putSecret("app-secret", "symbl-app-secret-value")
                .build();
    }

    @Override
    protected String successBody(String token, String lifetimeJson) {
        return "{\"accessToken\":\"" + token + "\",\"expiresIn\":" + lifetimeJson + "}";
    }

    @Override
    protected void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/oauth2/token:generate");
        assertThat(request.query()).isNull();
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.header("Accept")).contains("application/json");
        assertThat(request.body()).isEqualTo(
                "{\"type\":\"application\",\"appId\":\"symbl-app-id-1\",\"appSecret\":\"symbl-app-secret-value\"}");
    }
}
