package dev.tokenkit.singleview;

import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.testkit.FaultRow;
import dev.tokenkit.testkit.TokenProviderContract;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SingleView provider passes the tokenkit provider contract and its fault matrix, including the
 * failure envelope {@code {"success": false, "payload": {}, "message": "…"}}, which is a failure
 * whatever the status.
 */
class SingleViewProviderContractTest extends TokenProviderContract {
    @Override
    protected String providerId() {
        return "singleview";
    }

    @Override
    protected ProviderConfig validConfig(URI baseUri) {
        return ProviderConfig.builder()
                .put("base-url", baseUri.toString())
                .put("client-id", "abcdef83643f61c975")
                .putSecret("client-code", "zyxvw95cE163C03b7d1")
                .put("company-id", "MYCOMPANY")
                .put("reference-id", "BEMC0001")
                .build();
    }

    @Override
    protected String successBody(String token, String lifetimeJson) {
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetimeJson + "}";
    }

    @Override
    protected FakeResponse invalidCredentialsResponse() {
        return FakeResponse.status(401).json("{\"success\":false,\"payload\":{},\"message\":\"Invalid client\"}");
    }

    @Override
    protected void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt) {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/api/svplatform/token");
        assertThat(request.header("CompanyId")).contains("MYCOMPANY");
        assertThat(request.header("SVReferenceID")).contains("BEMC0001");
        assertThat(request.header("Device")).contains("Web");
        assertThat(request.header("DateTimeStamp")).contains(
                SingleViewTokenProviderFactory.TIMESTAMP_FORMAT.withZone(java.time.ZoneOffset.UTC).format(sentAt));
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.body()).isEqualTo("{\"clientId\":\"abcdef83643f61c975\","
                + "\"clientCode\":\"zyxvw95cE163C03b7d1\",\"grant_type\":\"client_credentials\"}");
    }

    @Override
    protected List<FaultRow> vendorFaults() {
        return List.of(
                FaultRow.of("failure envelope \"Connect Refused\" with HTTP 200", ProviderUnavailableException.class,
                        FakeResponse.ok("{\"success\":false,\"payload\":{},\"message\":\"Connect Refused\"}")),
                FaultRow.of("failure envelope with HTTP 503", ProviderUnavailableException.class,
                        FakeResponse.status(503).json("{\"success\":false,\"payload\":{},\"message\":\"Service Unavailable\"}")),
                FaultRow.of("failure envelope echoing the client code, with HTTP 401", InvalidCredentialsException.class,
                        FakeResponse.status(401).json("{\"success\":false,\"payload\":{},"
                                + "\"message\":\"Invalid client code zyxvw95cE163C03b7d1\"}")));
    }
}
