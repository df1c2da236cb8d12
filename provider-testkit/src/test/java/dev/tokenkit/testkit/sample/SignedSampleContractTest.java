package dev.tokenkit.testkit.sample;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testkit.FaultRow;
import dev.tokenkit.testkit.TokenProviderContract;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signed sample passes the contract: its request carries a signature made with the
 * provider's clock and the revealed key, and its envelope check leaves a 429 or 5xx carrying the
 * envelope retryable.
 */
class SignedSampleContractTest extends TokenProviderContract {
    private static final String KEY = "signed-sample-key-value";

    @Override
    protected String providerId() {
        return "signed-sample";
    }

    @Override
    protected ProviderConfig validConfig(URI baseUri) {
        return ProviderConfig.builder()
                .put("base-url", baseUri.toString())
                .put("key-id", "key-1")
                .putSecret("signing-key", KEY)
                .build();
    }

    @Override
    protected String successBody(String token, String lifetimeJson) {
        return "{\"token\":\"" + token + "\",\"ttl\":" + lifetimeJson + "}";
    }

    @Override
    protected void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt) {
        String timestamp = Long.toString(sentAt.getEpochSecond());
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/token");
        assertThat(request.header("X-Key-Id")).contains("key-1");
        assertThat(request.header("X-Timestamp")).as("the provider's clock").contains(timestamp);
        assertThat(request.header("X-Signature")).contains(
                SignedSampleTokenProviderFactory.SignedSampleTokenProvider.hmacSha256(Secret.of(KEY), "key-1\n" + timestamp));
        assertThat(request.body()).isEqualTo("{\"grant_type\":\"client_credentials\"}");
        assertThat(request.toString() + request.headers() + request.body()).doesNotContain(KEY);
    }

    @Override
    protected List<FaultRow> vendorFaults() {
        String envelope = "{\"status\":\"error\",\"message\":\"busy\"}";
        return List.of(
                FaultRow.of("the error envelope with HTTP 200", TokenRequestRejectedException.class, FakeResponse.ok(envelope)),
                FaultRow.of("the error envelope with HTTP 503", ProviderUnavailableException.class,
                        FakeResponse.status(503).json(envelope)),
                FaultRow.of("the error envelope with HTTP 429", RateLimitedException.class,
                        FakeResponse.status(429).json(envelope)));
    }

    @Override
    protected boolean isModular() {
        return false; // it lives in the testkit's test classes, not in a module of its own
    }
}
