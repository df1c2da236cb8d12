package dev.tokenkit.internal.util;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes secret values from text, in every form a vendor's answer may echo them: as given,
 * JSON-escaped (quotes, backslashes, slashes, control and non-ASCII characters as escapes) and
 * URL-encoded (spaces as {@code +} or {@code %20}). Secrets of any length, longest first.
 */
public final class Redactor {
    /** What a removed value becomes. */
    public static final String MASK = "****";

    private final List<String> forms;

    private Redactor(List<String> forms) {
        this.forms = forms;
    }

    /**
     * A redactor of these secret values.
     *
     * @param secrets the values; empty ones are ignored
     * @return the redactor
     */
    public static Redactor of(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s == null || s.isEmpty()) {
                continue;
            }
            forms.add(s);
            forms.add(jsonEscaped(s, false));
            forms.add(jsonEscaped(s, true));
            String url = URLEncoder.encode(s, StandardCharsets.UTF_8);
            forms.add(url);
            forms.add(url.replace("+", "%20"));
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(sorted));
    }

    /**
     * The text with every form of every secret replaced by {@link #MASK}.
     *
     * @param text the text, or {@code null}
     * @return the redacted text, {@code null} for {@code null}
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : forms) {
            out = out.replace(form, MASK);
        }
        return out;
    }

    /** The JSON string escape of {@code s}; {@code all} also escapes '/' and every non-ASCII character. */
    private static String jsonEscaped(String s, boolean all) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int simple = "\"\\\n\r\t".indexOf(c);
            if (simple >= 0) {
                b.append('\\').append("\"\\nrt".charAt(simple));
            } else if (c == '/' && all) {
                b.append("\\/");
            } else if (c < 0x20 || (all && c > 0x7e)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
