package dev.tokenkit.internal.util;

import dev.tokenkit.spi.TokenRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes secret values from text, in every form a vendor's answer may echo them.
 *
 * <p>What is masked: the configured secrets, and every part of a request sent with them (see
 * {@link #recordSent(TokenRequest)}) that carries one: a header value that holds a secret in any
 * form, or that authenticates (Authorization and headers named like a key, token, signature or
 * password), its credentials without the scheme and, for Base64 credentials such as HTTP Basic,
 * their decoded text ({@code id:secret}); a body or a query that holds a secret; the value of a
 * form or JSON body field named like a credential (a signed {@code client_assertion} the provider
 * made for this request). Each of these
 * values is masked as given, JSON-escaped (quotes, backslashes, slashes, control and non-ASCII
 * characters as escapes) and URL-encoded (spaces as {@code +} or {@code %20}); and any run of
 * Base64 text (standard or URL-safe alphabet, with or without padding, whatever its alignment,
 * also inside JSON escapes or URL encoding) that shares {@value #GRAM} characters with the Base64
 * of one of them, or with one of them written in Base64's alphabet, is masked whole: a truncated
 * echo, or an echo of a longer text that holds a secret, is masked too.
 *
 * <p>Thread-safe. What requests carried is remembered for the last {@value #MAX_RECORDED} values.
 */
public final class Redactor {
    /** What a removed value becomes. */
    public static final String MASK = "****";

    /** The length of the Base64 pieces compared: 8 characters are 6 bytes. */
    static final int GRAM = 8;
    /** How many values of sent requests are remembered (a signing provider sends new ones each time). */
    static final int MAX_RECORDED = 32;
    /** A sent value shorter than this is not masked unless it is a secret itself: it could be any word. */
    static final int MIN_SENT_LENGTH = 8;

    private static final String BASE64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_";
    private static final List<String> CREDENTIAL_NAMES = List.of("auth", "key", "secret", "token", "signature",
            "password", "credential", "cookie", "assertion");

    private final List<String> secrets;
    private final Masks configured;
    /**
     * Each value sent, oldest first, with its masks, which are made only when a text is redacted
     * ({@code null} until then): recording costs a request a few map operations, never the Base64
     * pieces of a long signed assertion. Guarded by itself.
     */
    private final Map<String, Masks> recordedValues = new LinkedHashMap<>();
    /** Whether a value was recorded since the masks were last made; written under the lock. */
    private volatile boolean recordedSinceMasks;
    private volatile List<Masks> recorded = List.of();
    /** The Base64 pieces of every recorded value, each with the number of values that have it. */
    private final Map<String, Integer> recordedGrams = new java.util.concurrent.ConcurrentHashMap<>();

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
        this.configured = Masks.of(secrets);
    }

    /**
     * A redactor of these secret values.
     *
     * @param secrets the values; empty ones are ignored
     * @return the redactor
     */
    public static Redactor of(Collection<String> secrets) {
        Set<String> values = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                values.add(s);
                values.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            }
        }
        return new Redactor(List.copyOf(values));
    }

    /**
     * Remembers what a request put on the wire, so that an answer echoing it in any form is
     * masked: the parts that carry a secret or authenticate (see the class description).
     *
     * @param request the request about to be sent
     */
    public void recordSent(TokenRequest request) {
        Set<String> sent = new LinkedHashSet<>();
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String value = header.getValue();
            int space = value.indexOf(' ');
            String credentials = space < 0 ? value : value.substring(space + 1).strip();
            String decoded = decodeBase64(credentials);
            if (isCredentialName(header.getKey()) || carriesSecret(value) || carriesSecret(decoded)) {
                sent.add(value);
                sent.add(credentials);
                if (decoded != null) {
                    sent.add(decoded);
                }
            }
        }
        String body = new String(request.body(), StandardCharsets.UTF_8);
        if (carriesSecret(body)) {
            sent.add(body);
        }
        String contentType = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            credentialFormFields(body, sent);
        } else if (contentType.startsWith("application/json")) {
            credentialJsonFields(request.body(), sent);
        }
        String query = request.uri().getRawQuery();
        if (query != null && carriesSecret(query)) {
            sent.add(query);
        }
        sent.removeIf(v -> v.length() < MIN_SENT_LENGTH || secrets.contains(v));
        if (sent.isEmpty()) {
            return;
        }
        synchronized (recordedValues) {
            if (recordedValues.keySet().containsAll(sent)) {
                return;
            }
            for (String value : sent) {
                Masks masks = recordedValues.remove(value);
                recordedValues.put(value, masks);
            }
            while (recordedValues.size() > MAX_RECORDED) {
                Masks evicted = recordedValues.remove(recordedValues.keySet().iterator().next());
                if (evicted != null) {
                    evicted.grams().forEach(g -> recordedGrams.computeIfPresent(g, (k, n) -> n == 1 ? null : n - 1));
                }
            }
            recordedSinceMasks = true;
        }
    }

    /** Makes the masks of the values recorded since the last redaction. */
    private void makeRecordedMasks() {
        synchronized (recordedValues) {
            if (!recordedSinceMasks) {
                return;
            }
            for (Map.Entry<String, Masks> entry : recordedValues.entrySet()) {
                if (entry.getValue() == null) {
                    Masks masks = Masks.of(List.of(entry.getKey()));
                    masks.grams().forEach(g -> recordedGrams.merge(g, 1, Integer::sum));
                    entry.setValue(masks);
                }
            }
            List<Masks> longestFirst = new ArrayList<>(recordedValues.values());
            java.util.Collections.reverse(longestFirst);
            longestFirst.sort(Comparator.comparingInt(Masks::longest).reversed());
            recorded = List.copyOf(longestFirst);
            recordedSinceMasks = false;
        }
    }

    /**
     * The text with every form of every secret, and of what was sent with them, replaced by
     * {@link #MASK}.
     *
     * @param text the text, or {@code null}
     * @return the redacted text, {@code null} for {@code null}
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        if (recordedSinceMasks) {
            makeRecordedMasks();
        }
        String out = text;
        for (Masks m : recorded) {
            out = m.replaceForms(out);
        }
        out = configured.replaceForms(out);
        return Masks.maskBase64Runs(out, List.of(configured.grams(), recordedGrams.keySet()));
    }

    /** Whether the text holds a secret of at least 4 characters, as given, URL-encoded or JSON-escaped. */
    private boolean carriesSecret(String text) {
        if (text == null) {
            return false;
        }
        for (String s : secrets) {
            if (s.length() >= 4 && (text.contains(s) || text.contains(jsonEscaped(s, false)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The values of form fields named like a credential ({@code client_assertion}, {@code assertion}):
     * a provider makes them itself, signed anew for each request, so no configured secret holds them.
     */
    private static void credentialFormFields(String body, Set<String> sent) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                String name = java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                // client_assertion_type names a kind of credential, a URN every request carries
                if (isCredentialName(name) && !name.endsWith("_type")) {
                    sent.add(pair.substring(eq + 1));
                    sent.add(java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException e) {
                // not form encoding after all: the body as a whole is handled above
            }
        }
    }

    /** The string values of a JSON body's top-level fields named like a credential. */
    private static void credentialJsonFields(byte[] body, Set<String> sent) {
        jakarta.json.JsonObject object = Json.parseObjectOrNull(body);
        if (object == null) {
            return;
        }
        for (Map.Entry<String, jakarta.json.JsonValue> field : object.entrySet()) {
            if (isCredentialName(field.getKey()) && field.getValue() instanceof jakarta.json.JsonString value) {
                sent.add(value.getString());
            }
        }
    }

    private static boolean isCredentialName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String word : CREDENTIAL_NAMES) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The text of Base64 (either alphabet, padded or not), or {@code null} when it is none. */
    private static String decodeBase64(String text) {
        if (text.length() < 4 || !isBase64Text(text)) {
            return null;
        }
        String t = text.replace('-', '+').replace('_', '/');
        try {
            String decoded = new String(Base64.getMimeDecoder().decode(t), StandardCharsets.UTF_8);
            return decoded.indexOf('\uFFFD') < 0 ? decoded : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isBase64Text(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (BASE64_CHARS.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The forms to replace, longest first, and the Base64 pieces of a set of values. */
    private record Masks(List<String> forms, Set<String> grams) {
        /** The length of the longest form (the forms are sorted longest first). */
        int longest() {
            return forms.isEmpty() ? 0 : forms.get(0).length();
        }

        static Masks of(Collection<String> values) {
            Set<String> forms = new LinkedHashSet<>();
            Set<String> grams = new HashSet<>();
            for (String v : values) {
                escapedForms(v, forms);
                byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                    for (int align = 0; align < 3; align++) {
                        byte[] shifted = new byte[align + bytes.length];
                        System.arraycopy(bytes, 0, shifted, align, bytes.length);
                        String encoded = encoder.withoutPadding().encodeToString(shifted);
                        // the characters that depend on v's bytes alone
                        int from = align == 0 ? 0 : align + 1;
                        int to = (align + bytes.length) % 3 == 0 ? encoded.length() : encoded.length() - 1;
                        addGrams(from < to ? encoded.substring(from, to) : "", grams);
                    }
                    String whole = encoder.encodeToString(bytes);
                    escapedForms(whole, forms);
                    escapedForms(whole.replace("=", ""), forms);
                }
                if (isBase64Text(v)) {
                    addGrams(v, grams);
                }
            }
            List<String> sorted = new ArrayList<>(forms);
            sorted.removeIf(String::isEmpty);
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            return new Masks(List.copyOf(sorted), grams);
        }

        String replaceForms(String text) {
            String out = text;
            for (String form : forms) {
                out = out.replace(form, MASK);
            }
            return out;
        }

        private static void addGrams(String text, Set<String> grams) {
            for (int i = 0; i + GRAM <= text.length(); i++) {
                grams.add(text.substring(i, i + GRAM));
            }
        }


        /**
         * Replaces each run of Base64 text (a JSON-escaped {@code \/} and a URL-encoded
         * {@code %2B %2F %3D} read as the characters they stand for) that shares a piece with a
         * masked value's Base64. One pass over the text.
         */
        static String maskBase64Runs(String text, List<Set<String>> grams) {
            if (grams.stream().allMatch(Set::isEmpty)) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length());
            StringBuilder run = new StringBuilder();
            int i = 0;
            int n = text.length();
            while (i < n) {
                int start = i;
                run.setLength(0);
                while (i < n) {
                    char c = text.charAt(i);
                    if (BASE64_CHARS.indexOf(c) >= 0) {
                        run.append(c);
                        i++;
                    } else if (c == '\\' && i + 1 < n && text.charAt(i + 1) == '/') {
                        run.append('/');
                        i += 2;
                    } else if (c == '%' && i + 2 < n && percentEscaped(text, i) != 0) {
                        run.append(percentEscaped(text, i));
                        i += 3;
                    } else {
                        break;
                    }
                }
                if (i == start) {
                    out.append(text.charAt(i++));
                } else if (run.length() >= GRAM && sharesGram(grams, run)) {
                    out.append(MASK);
                } else {
                    out.append(text, start, i);
                }
            }
            return out.toString();
        }

        private static boolean sharesGram(List<Set<String>> grams, CharSequence run) {
            for (int i = 0; i + GRAM <= run.length(); i++) {
                String piece = run.subSequence(i, i + GRAM).toString();
                for (Set<String> set : grams) {
                    if (set.contains(piece)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static char percentEscaped(String text, int at) {
            String hex = text.substring(at + 1, at + 3).toUpperCase(Locale.ROOT);
            switch (hex) {
                case "2B":
                    return '+';
                case "2F":
                    return '/';
                case "3D":
                    return '=';
                default:
                    return 0;
            }
        }

        private static void escapedForms(String s, Set<String> forms) {
            forms.add(s);
            forms.add(jsonEscaped(s, false));
            forms.add(jsonEscaped(s, true));
            String url = URLEncoder.encode(s, StandardCharsets.UTF_8);
            forms.add(url);
            forms.add(url.replace("+", "%20"));
        }
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
