package dev.tokenkit.oauth2;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.emulators.FakeTokenServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Option checks: every bad value is a configuration error naming the option and the fix, raised in create, before any request. */
class OAuth2OptionsTest {
    private static final String SECRET = "options-test-secret";
    private final FakeTokenServer server = FakeTokenServer.start();
    private final TokenProviders providers = TokenProviders.load();

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderConfig.Builder base() {
        return ProviderConfig.builder()
                .put("client-id", "options-client")
                .putSecret("client-secret", SECRET);
    }

    private ProviderConfig withTokenUrl(UnaryOperator<ProviderConfig.Builder> more) {
        return more.apply(base().put("token-url", server.baseUri() + "/oauth2/token")).build();
    }

    /** The message of the configuration error that creating the provider raises; no request was made. */
    private String rejected(ProviderConfig config) {
        ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                () -> providers.provider("oauth2", config));
        assertThat(e).as("a configuration error").isNotNull();
        assertThat(e.providerId()).contains("oauth2");
        assertThat(e.getMessage()).doesNotContain(SECRET);
        assertThat(server.requestCount()).as("requests made by create").isZero();
        return e.getMessage();
    }

    @Test
    @DisplayName("token-url and issuer both set: an error naming both and the choice")
    void bothEndpoints() {
        String message = rejected(withTokenUrl(b -> b.put("issuer", server.baseUri().toString())));

        assertThat(message).contains("options 'token-url' and 'issuer' are both set; set one of them");
    }

    @Test
    @DisplayName("neither token-url nor issuer: an error naming both, with examples and environment variables")
    void noEndpoint() {
        String message = rejected(base().build());

        assertThat(message).contains("neither option 'token-url' nor 'issuer' is set")
                .contains("TOKENKIT_OAUTH2_TOKEN_URL", "TOKENKIT_OAUTH2_ISSUER", "https://example.auth0.com/oauth/token");
    }

    @Test
    @DisplayName("an auth-method other than the two: an error listing both")
    void authMethod() {
        String message = rejected(withTokenUrl(b -> b.put("auth-method", "private_key_jwk")));

        assertThat(message).contains("option 'auth-method' has value 'private_key_jwk'; use one of client_secret_basic,"
                + " client_secret_post, client_secret_jwt, private_key_jwt");
        assertThat(rejected(withTokenUrl(b -> b.put("auth-method", "CLIENT_SECRET_POST")))).contains("auth-method");
    }

    @Test
    @DisplayName("a scope that is not RFC 6749 scope tokens: an error quoting the bad token")
    void scope() {
        assertThat(rejected(withTokenUrl(b -> b.put("scope", "read \"write\""))))
                .contains("option 'scope' holds '\"write\"', which is not a scope token");
        assertThat(rejected(withTokenUrl(b -> b.put("scope", "read wr\\ite")))).contains("'wr\\ite'");
    }

    @Test
    @DisplayName("a resource that is not an absolute URI, or has a fragment: an error per bad value")
    void resource() {
        String message = rejected(withTokenUrl(b -> b.put("resource", "https://ok.example.com api https://x.example.com/#f")));

        assertThat(message).contains("option 'resource' holds 'api', which is not an absolute URI")
                .contains("option 'resource' holds 'https://x.example.com/#f', which has a fragment")
                .doesNotContain("'https://ok.example.com'");
    }

    @Test
    @DisplayName("extra-params: a name the grant sends, a repeated name, no '=', a bad escape; values never quoted")
    void extraParams() {
        assertThat(rejected(withTokenUrl(b -> b.put("extra-params", "tenant=a&scope=x"))))
                .contains("item 2 names 'scope', which the grant sends itself; set option 'scope' instead");
        for (String reserved : new String[] {"grant_type", "client_id", "client_secret", "audience", "resource"}) {
            assertThat(rejected(withTokenUrl(b -> b.put("extra-params", reserved + "=v"))))
                    .contains("names '" + reserved + "', which the grant sends itself");
        }
        assertThat(rejected(withTokenUrl(b -> b.put("extra-params", "a=1&a=2")))).contains("item 2 names 'a' again");
        assertThat(rejected(withTokenUrl(b -> b.put("extra-params", "flag")))).contains("item 1 ('flag') has no '='");
        assertThat(rejected(withTokenUrl(b -> b.put("extra-params", "=v")))).contains("item 1 has no name");
        String badEscape = rejected(withTokenUrl(b -> b.put("extra-params", "k=top-s3cret%zz")));
        assertThat(badEscape).contains("item 1 is not form-encoded").doesNotContain("top-s3cret");
    }

    @Test
    @DisplayName("every problem of the options is reported at once")
    void allAtOnce() {
        String message = rejected(base().put("auth-method", "none").put("scope", "a\"b")
                .put("resource", "rel").build());

        assertThat(message).contains("neither option 'token-url' nor 'issuer'", "auth-method", "scope", "resource");
    }

    @Test
    @DisplayName("a plain http issuer or token-url to a host that is not loopback needs allow-insecure-http (core's rule)")
    void httpPolicy() {
        assertThat(rejected(base().put("issuer", "http://idp.example.com").build())).contains("option 'issuer'")
                .contains("allow-insecure-http=true");
        assertThat(rejected(base().put("token-url", "http://idp.example.com/token").build()))
                .contains("option 'token-url'");
    }

    @Test
    @DisplayName("create sends nothing, even with an issuer to discover; toString shows the endpoint and client id only")
    void createSendsNothing() {
        TokenProvider withIssuer = providers.provider("oauth2", base().put("issuer", server.baseUri().toString()).build());
        TokenProvider withUrl = providers.provider("oauth2", withTokenUrl(b -> b.put("auth-method", "client_secret_post")));

        assertThat(server.requestCount()).isZero();
        assertThat(withIssuer.toString()).isEqualTo("OAuth2TokenProvider[issuer=" + server.baseUri()
                + ", client-id=options-client]");
        assertThat(withUrl.toString()).isEqualTo("OAuth2TokenProvider[token-url=" + server.baseUri()
                + "/oauth2/token, client-id=options-client]");
        assertThat(withIssuer.toString() + withUrl).doesNotContain(SECRET);
    }
}
