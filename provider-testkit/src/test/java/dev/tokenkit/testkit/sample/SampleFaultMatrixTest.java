package dev.tokenkit.testkit.sample;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.testkit.TokenProviderFaultContract;

import java.net.URI;

/** The sample provider survives the fault matrix. */
class SampleFaultMatrixTest extends TokenProviderFaultContract {
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
}
