package dev.tokenkit.interop.sas;

import dev.tokenkit.AccessToken;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Reads the claims of a JWT (the server's access tokens, the client's assertions) without checking them. */
final class Jwts {
    private Jwts() {
    }

    static JsonObject claims(AccessToken token) {
        return claims(token.value());
    }

    static JsonObject claims(String jwt) {
        return part(jwt, 1);
    }

    static JsonObject header(String jwt) {
        return part(jwt, 0);
    }

    /** {@code aud}, a string or an array of strings (RFC 7519 4.1.3). */
    static List<String> audience(JsonObject claims) {
        JsonValue aud = claims.get("aud");
        if (aud instanceof JsonString one) {
            return List.of(one.getString());
        }
        return aud.asJsonArray().getValuesAs(JsonString::getString);
    }

    private static JsonObject part(String jwt, int index) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS in compact form: " + parts.length + " parts");
        }
        String json = new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8);
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
