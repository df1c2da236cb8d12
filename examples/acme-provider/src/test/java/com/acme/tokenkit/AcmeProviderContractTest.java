package com.acme.tokenkit;

import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testkit.FaultRow;
import dev.tokenkit.testkit.TokenProviderContract;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Acme's provider passes tokenkit's provider contract. */
class AcmeProviderContractTest extends TokenProviderContract {
    @Override
    protected String providerId() {
        return "acme";
    }

    @Override
    protected ProviderConfig validConfig(URI baseUri) {
        return ProviderConfig.builder()
                .put("base-url", baseUri.toString())
                .put("client-id", "acme:client")
                .putSecret("client-secret", "s3cret+/&=value")
                .put("scope", "read write")
                .build();
    }

    @Override
    protected String successBody(String token, String lifetimeJson) {
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetimeJson + "}";
    }

    @Override
    protected void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/oauth2/token");
        assertThat(request.header("Content-Type")).contains("application/x-www-form-urlencoded");
        // Base64 of "acme%3Aclient:s3cret%2B%2F%26%3Dvalue": both parts form-encoded first (RFC 6749 §2.3.1)
        assertThat(request.header("Authorization")).contains("Basic YWNtZSUzQWNsaWVudDpzM2NyZXQlMkIlMkYlMjYlM0R2YWx1ZQ==");
        assertThat(request.body()).isEqualTo("grant_type=client_credentials&scope=read+write");
    }

    @Override
    protected FakeResponse invalidCredentialsResponse() {
        return FakeResponse.status(401).header("WWW-Authenticate", "Basic realm=\"acme\"")
                .json("{\"error\":\"invalid_client\"}");
    }

    /** RFC 6749 §5.2 allows 400 for a bad secret too: tokenkit's SPI maps it to invalid credentials. */
    @Override
    protected List<FaultRow> vendorFaults() {
        return List.of(FaultRow.of("HTTP 400 invalid_client", InvalidCredentialsException.class,
                FakeResponse.status(400).json("{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}")));
    }
}
