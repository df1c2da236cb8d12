package dev.tokenkit.spi;

import dev.tokenkit.Secret;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("TokenRequest: bodies, their Content-Type, and OAuth 2.0 client authentication")
class TokenRequestTest {
    static final URI ENDPOINT = URI.create("https://login.example/oauth2/token");

    static String body(TokenRequest r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Nested
    @DisplayName("a form body")
    class Form {
        @Test
        @DisplayName("is UTF-8 form-encoded (spaces as +), in order, with its Content-Type")
        void encoded() {
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            form.put("scope", "read write:all");
            form.put("client_secret", Secret.of("a&b=c+d/é"));
            TokenRequest r = TokenRequest.post(ENDPOINT).formBody(form).build();

            assertThat(body(r)).isEqualTo("grant_type=client_credentials&scope=read+write%3Aall"
                    + "&client_secret=a%26b%3Dc%2Bd%2F%C3%A9");
            assertThat(r.header("content-type")).contains("application/x-www-form-urlencoded");
        }

        @Test
        @DisplayName("sends a collection value as repeated fields (RFC 8707 resource)")
        void repeated() {
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            form.put("resource", List.of("https://a.example/", "https://b.example/"));
            assertThat(body(TokenRequest.post(ENDPOINT).formBody(form).build())).isEqualTo(
                    "grant_type=client_credentials&resource=https%3A%2F%2Fa.example%2F&resource=https%3A%2F%2Fb.example%2F");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
                "application/x-www-form-urlencoded;charset=\"utf-8\""})
        @DisplayName("keeps a Content-Type that agrees with it")
        void agreeingType(String type) {
            TokenRequest r = TokenRequest.post(ENDPOINT).header("Content-Type", type).formBody(Map.of("a", "b")).build();
            assertThat(r.header("Content-Type")).contains(type);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"application/json", "text/plain", "application/x-www-form-urlencoded; charset=ISO-8859-1"})
        @DisplayName("refuses a conflicting Content-Type, set before or after the body, naming both and the fix")
        void conflictingType(String type) {
            assertThatThrownBy(() -> TokenRequest.post(ENDPOINT).header("Content-Type", type).formBody(Map.of("a", "b")).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("form body").hasMessageContaining(type).hasMessageContaining("remove that header");
            assertThatThrownBy(() -> TokenRequest.post(ENDPOINT).formBody(Map.of("a", "b")).header("Content-Type", type).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("form body");
        }

        @Test
        @DisplayName("refuses a null value instead of sending the text 'null'")
        void nullValue() {
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("scope", null);
            assertThatThrownBy(() -> TokenRequest.post(ENDPOINT).formBody(form))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'scope' is null");
        }
    }

    @Nested
    @DisplayName("a JSON body")
    class JsonBody {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"application/json; charset=utf-8", "application/vnd.acme+json"})
        @DisplayName("keeps a JSON Content-Type")
        void agreeingType(String type) {
            TokenRequest r = TokenRequest.post(ENDPOINT).header("Content-Type", type).jsonBody(Map.of("a", "b")).build();
            assertThat(r.header("Content-Type")).contains(type);
        }

        @Test
        @DisplayName("refuses a form Content-Type")
        void conflictingType() {
            assertThatThrownBy(() -> TokenRequest.post(ENDPOINT).header("Content-Type", "application/x-www-form-urlencoded")
                    .jsonBody(Map.of("a", "b")).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON body");
        }
    }

    @Nested
    @DisplayName("client_secret_basic (RFC 6749 §2.3.1)")
    class Basic {
        @ParameterizedTest(name = "id and secret holding {0}")
        @ValueSource(strings = {":", "+", "/", "&", "=", " ", "%", "é", "a:b+c/d&e=f g%h"})
        @DisplayName("form-encodes id and secret before Base64, so the server's form-decoding gives them back")
        void roundTrip(String special) {
            String id = "client" + special + "id";
            String secret = "s3cret" + special + "value";
            TokenRequest r = TokenRequest.post(ENDPOINT).clientSecretBasic(id, Secret.of(secret)).build();

            String header = r.header("Authorization").orElseThrow();
            assertThat(header).startsWith("Basic ");
            String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            assertThat(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8)).isEqualTo(id);
            assertThat(URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)).isEqualTo(secret);
        }

        @Test
        @DisplayName("matches the RFC's encoding, not plain RFC 7617 Basic")
        void exactBytes() {
            TokenRequest r = TokenRequest.post(ENDPOINT).clientSecretBasic("my:client", Secret.of("p+ss/w&rd=")).build();
            assertThat(r.header("Authorization")).contains("Basic " + Base64.getEncoder().encodeToString(
                    "my%3Aclient:p%2Bss%2Fw%26rd%3D".getBytes(StandardCharsets.US_ASCII)));
        }

        @Test
        @DisplayName("never shows up in toString()")
        void hidden() {
            TokenRequest r = TokenRequest.post(ENDPOINT).clientSecretBasic("client", Secret.of("s3cret-value")).build();
            assertThat(r.toString()).contains("Authorization").doesNotContain("Basic ");
        }
    }

    @Nested
    @DisplayName("a GET request")
    class Get {
        @Test
        @DisplayName("has no body and no Content-Type")
        void noBody() {
            TokenRequest r = TokenRequest.get(URI.create("https://login.example/.well-known/oauth-authorization-server"))
                    .header("Accept", "application/json").build();
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.body()).isEmpty();
            assertThat(r.header("Content-Type")).isEmpty();
        }

        @Test
        @DisplayName("refuses a body")
        void refusesBody() {
            assertThatThrownBy(() -> TokenRequest.get(ENDPOINT).formBody(Map.of("a", "b")).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GET request carries no body");
        }
    }
}
