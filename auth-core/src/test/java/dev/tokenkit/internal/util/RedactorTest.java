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
}
