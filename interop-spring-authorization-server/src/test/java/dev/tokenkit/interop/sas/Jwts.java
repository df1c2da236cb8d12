package dev.tokenkit.interop.sas;

import dev.tokenkit.AccessToken;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads the claims of a JWT (the server's access tokens, the client's assertions) without checking them. */
final class Jwts {
    private Jwts() {
    }

    static JsonObject claims(AccessToken token) {
        return claims(token.value());
    }

    static JsonObject claims(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS in compact form: " + parts.length + " parts");
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }
}
