package dev.tokenkit.kafka;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claims Kafka's login wants from a token: its principal and its scope, read from a JWT's
 * payload without verifying its signature (the broker verifies it; the client only describes the
 * token it presents). A token that is not a JWT (an opaque token) has no claims.
 */
final class TokenClaims {
    /** Tokens larger than this are not decoded (a JWT a broker accepts is far smaller). */
    private static final int MAX_TOKEN_CHARS = 64 * 1024;
    /**
     * Made once: {@code Json.createReader} looks its provider up with {@code ServiceLoader} on every
     * call, which costs a millisecond and more on a large class path. The payload is decoded to a
     * string first: Parsson's charset detection on a byte stream costs more than the parse.
     */
    private static final JsonReaderFactory READERS = JsonProvider.provider().createReaderFactory(Map.of());

    private final JsonObject payload;

    private TokenClaims(JsonObject payload) {
        this.payload = payload;
    }

    /**
     * The claims of a token.
     *
     * @param value the token's value
     * @return its claims, empty for an opaque token or a payload that is not a JSON object
     */
    static TokenClaims of(String value) {
        return new TokenClaims(payload(value).orElse(JsonValue.EMPTY_JSON_OBJECT));
    }

    /**
     * A string claim.
     *
     * @param name the claim's name
     * @return its value, empty when absent, blank or not a string
     */
    Optional<String> string(String name) {
        JsonValue value = payload.get(name);
        if (value instanceof JsonString s && !s.getString().isBlank()) {
            return Optional.of(s.getString());
        }
        return Optional.empty();
    }

    /**
     * A scope claim: RFC 8693's space-separated string ({@code "scope": "a b"}), or an array of
     * strings as some servers write it ({@code "scp": ["a", "b"]}).
     *
     * @param name the claim's name
     * @return the scopes, in order, empty when absent or of another type
     */
    Set<String> scope(String name) {
        JsonValue value = payload.get(name);
        Set<String> scopes = new LinkedHashSet<>();
        if (value instanceof JsonString s) {
            for (String scope : s.getString().split(" ")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        } else if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (item instanceof JsonString s && !s.getString().isEmpty()) {
                    scopes.add(s.getString());
                }
            }
        }
        return Set.copyOf(scopes);
    }

    private static Optional<JsonObject> payload(String value) {
        if (value.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        int first = value.indexOf('.');
        int second = first < 0 ? -1 : value.indexOf('.', first + 1);
        if (second < 0 || value.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(value.substring(first + 1, second));
            try (JsonReader reader = READERS.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
                JsonValue read = reader.readValue();
                return read instanceof JsonObject object ? Optional.of(object) : Optional.empty();
            }
        } catch (RuntimeException notJson) {
            // not base64url, not UTF-8 JSON, nested too deep...: an opaque token as far as Kafka's login goes
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "TokenClaims" + payload.keySet();
    }
}
