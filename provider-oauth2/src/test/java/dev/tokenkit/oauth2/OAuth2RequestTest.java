package dev.tokenkit.oauth2;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.OAuth2Emulator;
import dev.tokenkit.emulators.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** The token request on the wire: client authentication, the form, the headers; one request per fetch. */
class OAuth2RequestTest {
    private static final String TOKEN = "{\"access_token\":\"opaque-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    private final FakeTokenServer server = FakeTokenServer.start();
    private final TokenProviders providers = TokenProviders.load();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Fetches once against the fake server with these options and returns the one request it received. */
    private RecordedRequest sent(String clientId, String secret, UnaryOperator<ProviderConfig.Builder> more) {
        server.enqueue(FakeResponse.ok(TOKEN));
        providers.provider("oauth2", more.apply(ProviderConfig.builder()
                .put("token-url", server.baseUri() + "/oauth2/token")
                .put("client-id", clientId)
                .putSecret("client-secret", secret)).build()).fetch();
        assertThat(server.requestCount()).as("requests per fetch").isEqualTo(1);
        return server.takeRequest();
    }

    @TestFactory
    @DisplayName("client_secret_basic form-encodes id and secret before Base64 (RFC 6749 2.3.1)")
    Stream<DynamicTest> basicEncoding() {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("plain", new String[] {"client-1", "secret-1", "client-1:secret-1"});
        cases.put("a colon in the id and the secret", new String[] {"urn:client:1", "se:cret", "urn%3Aclient%3A1:se%3Acret"});
        cases.put("plus, slash, ampersand, equals", new String[] {"a+b/c", "x&y=z+/", "a%2Bb%2Fc:x%26y%3Dz%2B%2F"});
        cases.put("spaces", new String[] {"my client", "my secret ", "my+client:my+secret+"});
        cases.put("percent", new String[] {"100%", "%41", "100%25:%2541"});
        cases.put("non-ASCII", new String[] {"клиент", "sécret€", "%D0%BA%D0%BB%D0%B8%D0%B5%D0%BD%D1%82:s%C3%A9cret%E2%82%AC"});
        return cases.entrySet().stream().map(c -> dynamicTest(c.getKey(), () -> {
            String[] v = c.getValue();
            server.reset();
            RecordedRequest request = sent(v[0], v[1], UnaryOperator.identity());

            assertThat(request.header("Authorization")).contains("Basic " + Wire.base64(v[2]));
            assertThat(Wire.basicCredentials(request)).containsExactly(v[0], v[1]);
            assertThat(request.body()).isEqualTo("grant_type=client_credentials");
        }));
    }

    @Test
    @DisplayName("the emulator, decoding as RFC 6749 does, accepts ids and secrets with : + / & = space and non-ASCII")
    void basicAgainstEmulator() {
        String id = "id:with+plus/slash&amp=eq space-é";
        String secret = "se:cr+et/&=? ü€";
        try (OAuth2Emulator emulator = OAuth2Emulator.builder().client(id, secret, "read").start()) {
            AccessToken token = providers.provider("oauth2", ProviderConfig.builder()
                    .put("token-url", emulator.tokenEndpoint().toString())
                    .put("client-id", id).putSecret("client-secret", secret).build()).fetch();

            assertThat(token.type()).isEqualTo("Bearer");
            assertThat(emulator.tokensIssued()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("client_secret_post: client_id and client_secret in the form, no Authorization header")
    void post() {
        RecordedRequest request = sent("a+b:c", "s&e=c r", b -> b.put("auth-method", "client_secret_post"));

        assertThat(request.header("Authorization")).isEmpty();
        assertThat(request.header("Content-Type")).contains("application/x-www-form-urlencoded");
        assertThat(request.body()).isEqualTo("grant_type=client_credentials&client_id=a%2Bb%3Ac&client_secret=s%26e%3Dc+r");
    }

    @Test
    @DisplayName("scope, audience, each resource and the extra parameters, in that order, form-encoded")
    void parameters() {
        RecordedRequest request = sent("c", "secret-value", b -> b
                .put("scope", "  read\twrite   admin:all ")
                .put("audience", "https://api.example.com/")
                .put("resource", "https://a.example.com/ urn:example:b")
                .put("extra-params", "tenant=acme%20eu&organization=org+1&&empty="));

        assertThat(request.body()).isEqualTo("grant_type=client_credentials&scope=read+write+admin%3Aall"
                + "&audience=https%3A%2F%2Fapi.example.com%2F&resource=https%3A%2F%2Fa.example.com%2F"
                + "&resource=urn%3Aexample%3Ab&tenant=acme+eu&organization=org+1&empty=");
        assertThat(request.header("Accept")).contains("application/json");
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.query()).isNull();
    }

    @Test
    @DisplayName("the emulator grants what the options ask: scope, audience and resources reach the token")
    void parametersAgainstEmulator() {
        try (OAuth2Emulator emulator = OAuth2Emulator.start()) {
            AccessToken token = providers.provider("oauth2", ProviderConfig.builder()
                    .put("token-url", emulator.tokenEndpoint().toString())
                    .put("client-id", OAuth2Emulator.DEMO_CLIENT_ID)
                    .putSecret("client-secret", OAuth2Emulator.DEMO_CLIENT_SECRET)
                    .put("auth-method", "client_secret_post")
                    .put("scope", "write")
                    .put("audience", "api")
                    .put("resource", "https://a.example.com/ https://b.example.com/").build()).fetch();

            String claims = new String(java.util.Base64.getUrlDecoder().decode(token.value().split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(claims).contains("\"aud\":[\"api\",\"https://a.example.com/\",\"https://b.example.com/\"]")
                    .contains("\"scope\":\"write\"");
        }
    }
}
