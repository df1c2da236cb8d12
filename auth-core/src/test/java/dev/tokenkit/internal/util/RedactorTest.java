package dev.tokenkit.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Secrets are removed in every form a vendor may echo them, whatever their length. */
class RedactorTest {
    private static final String SECRET = "pa\"ss/w\u00f6rd \\x";

    @Test
    @DisplayName("as given, JSON-escaped (with and without escaped slashes and non-ASCII) and URL-encoded")
    void everyForm() {
        Redactor r = Redactor.of(List.of(SECRET));
        String url = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        for (String echo : List.of(SECRET, "pa\\\"ss/w\u00f6rd \\\\x", "pa\\\"ss\\/w\\u00f6rd \\\\x", url,
                url.replace("+", "%20"))) {
            assertThat(r.redact("bad secret <" + echo + "> given")).as(echo).isEqualTo("bad secret <****> given");
        }
    }

    @Test
    @DisplayName("secrets of any length, the longest first, and nothing else touched")
    void anyLength() {
        Redactor r = Redactor.of(List.of("ab", "abcdef", "", "x"));
        assertThat(r.redact("abcdef ab x y")).isEqualTo("**** **** **** y");
        assertThat(r.redact(null)).isNull();
        assertThat(Redactor.of(List.of()).redact("nothing secret")).isEqualTo("nothing secret");
    }

    @Test
    @DisplayName("what a request sent with a secret is masked, Base64 pieces included; headers without one are not")
    void sentValues() {
        Redactor r = Redactor.of(List.of("the-secret-value"));
        dev.tokenkit.spi.TokenRequest request = dev.tokenkit.spi.TokenRequest.post(java.net.URI.create("https://h/t"))
                .clientSecretBasic("client", dev.tokenkit.Secret.of("the-secret-value"))
                .header("X-Trace", "trace-0123456789").formBody(java.util.Map.of("grant_type", "client_credentials")).build();
        String basic = request.header("Authorization").orElseThrow();
        assertThat(r.redact("got " + basic.substring(6, 30))).as("a truncated echo of the credentials").contains("got ****");
        r.recordSent(request);

        assertThat(r.redact("got " + basic + ".")).isEqualTo("got ****.");
        assertThat(r.redact("got " + basic.substring(6, 30) + " and trace-0123456789, application/x-www-form-urlencoded"))
                .isEqualTo("got **** and trace-0123456789, application/x-www-form-urlencoded");
    }

    @Test
    @DisplayName("a credential a request made itself (a signed assertion in a form or JSON body) is masked, though no option held it")
    void credentialFieldsOfBodies() {
        Redactor r = Redactor.of(List.of());
        String assertion = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJjbGllbnQifQ.c2lnbmF0dXJlLWJ5dGVz";
        r.recordSent(dev.tokenkit.spi.TokenRequest.post(java.net.URI.create("https://h/t"))
                .formBody(java.util.Map.of("grant_type", "client_credentials", "client_id", "client-0123",
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", dev.tokenkit.Secret.of(assertion))).build());
        String other = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJnb29nbGUifQ.b3RoZXItc2lnbmF0dXJl";
        r.recordSent(dev.tokenkit.spi.TokenRequest.post(java.net.URI.create("https://h/t"))
                .jsonBody(java.util.Map.of("type", "application", "assertion", other)).build());

        assertThat(r.redact("invalid_client: " + assertion + " / " + other))
                .isEqualTo("invalid_client: **** / ****");
        String plain = "client client-0123 uses client_credentials, urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        assertThat(r.redact(plain)).as("fields that are no credential stay").isEqualTo(plain);
    }

    @Test
    @DisplayName("a signing provider's ever-new values are remembered for the last few requests only")
    void bounded() {
        Redactor r = Redactor.of(List.of("k"));
        for (int i = 0; i < 100; i++) {
            r.recordSent(dev.tokenkit.spi.TokenRequest.post(java.net.URI.create("https://h/t"))
                    .header("X-Signature", signature(i)).build());
        }
        assertThat(r.redact(signature(99) + " " + signature(0))).isEqualTo("**** " + signature(0));
    }

    private static String signature(int i) {
        return java.util.UUID.nameUUIDFromBytes(java.nio.ByteBuffer.allocate(4).putInt(i).array()).toString();
    }
}
