package dev.tokenkit.oauth2;

import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testkit.FaultRow;
import dev.tokenkit.testkit.TokenProviderContract;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The oauth2 provider passes the tokenkit provider contract, with HTTP Basic client authentication. */
class OAuth2ProviderContractTest extends TokenProviderContract {
    /** An id and a secret with every character RFC 6749 §2.3.1's form encoding changes. */
    static final String CLIENT_ID = "contract:client+1/&=";
    static final String CLIENT_SECRET = "contract-secret:+/&= é";

    @Override
    protected String providerId() {
        return "oauth2";
    }

    @Override
    protected ProviderConfig validConfig(URI baseUri) {
        return ProviderConfig.builder()
                .put("token-url", baseUri + "/oauth2/token")
                .put("client-id", CLIENT_ID)
                .putSecret("client-secret", CLIENT_SECRET)
                .put("scope", "read write")
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
        assertThat(request.query()).isNull();
        assertThat(request.header("Content-Type")).contains("application/x-www-form-urlencoded");
        assertThat(request.header("Accept")).contains("application/json");
        assertThat(Wire.basicCredentials(request)).containsExactly(CLIENT_ID, CLIENT_SECRET);
        assertThat(request.header("Authorization")).contains("Basic "
                + Wire.base64("contract%3Aclient%2B1%2F%26%3D:contract-secret%3A%2B%2F%26%3D+%C3%A9"));
        assertThat(request.body()).isEqualTo("grant_type=client_credentials&scope=read+write");
    }

    /** RFC 6749 §5.2: a wrong secret by HTTP Basic is 401 invalid_client with a Basic challenge. */
    @Override
    protected FakeResponse invalidCredentialsResponse() {
        return FakeResponse.status(401).header("WWW-Authenticate", "Basic realm=\"contract\"")
                .json("{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}");
    }

    @Override
    protected List<FaultRow> vendorFaults() {
        return List.of(
                FaultRow.of("400 invalid_client (client_secret_post servers answer so)", InvalidCredentialsException.class,
                        FakeResponse.status(400).json("{\"error\":\"invalid_client\"}")),
                FaultRow.of("400 invalid_scope", TokenRequestRejectedException.class,
                        FakeResponse.status(400).json("{\"error\":\"invalid_scope\",\"error_description\":\"no\"}")),
                FaultRow.of("400 unauthorized_client", TokenRequestRejectedException.class,
                        FakeResponse.status(400).json("{\"error\":\"unauthorized_client\"}")));
    }
}
