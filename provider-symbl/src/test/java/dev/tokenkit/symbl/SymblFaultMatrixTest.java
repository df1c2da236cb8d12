package dev.tokenkit.symbl;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.testkit.TokenProviderFaultContract;

import java.net.URI;

/** The Symbl provider survives the fault matrix and leaks nothing while doing so. */
class SymblFaultMatrixTest extends TokenProviderFaultContract {
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
}
