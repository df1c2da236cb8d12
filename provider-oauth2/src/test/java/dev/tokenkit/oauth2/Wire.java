package dev.tokenkit.oauth2;

import dev.tokenkit.emulators.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading requests as an authorization server does, for the tests' wire assertions. */
final class Wire {
    private Wire() {
    }

    /** Base64 of the UTF-8 bytes. */
    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code [id, secret]} of an {@code Authorization: Basic} value, decoded as RFC 6749 §2.3.1 says. */
    static String[] basicCredentials(String authorization) {
        assertThat(authorization).as("Authorization").startsWith("Basic ");
        String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        assertThat(colon).as("a colon in the Basic credentials").isNotNegative();
        return new String[] {URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8)};
    }

    /** The form parameters of the request's body, decoded (each name once). */
    static java.util.Map<String, String> form(RecordedRequest request) {
        java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
        for (String pair : request.body().split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    /** {@code [id, secret]} of the request's Basic credentials. */
    static String[] basicCredentials(RecordedRequest request) {
        return basicCredentials(request.header("Authorization").orElse(""));
    }
}
