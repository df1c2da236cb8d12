package dev.tokenkit.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the hygiene sweep searches for: each secret as given, URL-encoded and JSON-escaped, and the
 * part of its Base64 (standard and URL-safe alphabet) that is the same wherever the secret sits in
 * a longer text, as in HTTP Basic's {@code Base64(id:secret)} or an echoed Base64 body. The kit's
 * own reading of "a form of the secret", independent of tokenkit's redactor.
 */
final class SecretForms {
    private SecretForms() {
    }

    static List<String> of(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            forms.add(secret);
            forms.add(url);
            forms.add(secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
            for (String text : List.of(secret, url)) {
                for (int offset = 0; offset < 3; offset++) {
                    String core = stableBase64(text.getBytes(StandardCharsets.UTF_8), offset);
                    forms.add(core);
                    forms.add(core.replace('+', '-').replace('/', '_'));
                    forms.add(URLEncoder.encode(core, StandardCharsets.UTF_8));
                }
            }
        }
        forms.removeIf(f -> f.length() < ProviderFixture.MIN_SECRET_LENGTH);
        return List.copyOf(forms);
    }

    /**
     * The Base64 characters that depend on {@code bytes} alone when they follow {@code offset}
     * bytes of other text: the first characters share bits with what precedes, the last with what
     * follows.
     */
    private static String stableBase64(byte[] bytes, int offset) {
        byte[] padded = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, padded, offset, bytes.length);
        String all = Base64.getEncoder().withoutPadding().encodeToString(padded);
        int skip = (offset * 8 + 5) / 6;
        int keep = (padded.length * 8) / 6;
        return skip < keep ? all.substring(skip, keep) : "";
    }
}
