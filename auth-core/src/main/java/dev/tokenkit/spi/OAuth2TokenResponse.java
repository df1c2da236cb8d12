package dev.tokenkit.spi;

import dev.tokenkit.AccessToken;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * Reads an OAuth 2.0 access token answer (RFC 6749 §5.1):
 * <ul>
 *   <li>{@code access_token}: required, a non-empty string;</li>
 *   <li>{@code token_type}: matched case-insensitively, so {@code bearer} becomes
 *       {@code Bearer}; a missing type is taken as {@code Bearer} (many servers omit it), any
 *       other type is kept as sent;</li>
 *   <li>{@code expires_in}: optional seconds, a number or a numeric string, read by
 *       {@link JsonFields#lifetime(JsonObject, String)}; without it the expiry policy's rule
 *       for an unknown lifetime applies (a JWT's {@code exp} claim counts as declared).</li>
 * </ul>
 * Other fields ({@code scope}, {@code refresh_token}, vendor extras) are ignored. Invalid
 * fields throw {@link IllegalArgumentException}, which {@link JsonTokenProvider} reports as a
 * malformed answer.
 */
public final class OAuth2TokenResponse {
    private OAuth2TokenResponse() {
    }

    /**
     * Maps an RFC 6749 §5.1 answer to a token.
     *
     * @param body       the answer's JSON object
     * @param receivedAt when it was received, by the provider context's clock
     * @return the token
     * @throws IllegalArgumentException when a field is missing or invalid (the message names
     *                                  the field, never the token)
     */
    public static AccessToken parse(JsonObject body, Instant receivedAt) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        return AccessToken.builder(JsonFields.requireString(body, "access_token"))
                .issuedAt(receivedAt)
                .type(JsonFields.optionalString(body, "token_type").orElse(null))
                .expiresIn(JsonFields.lifetime(body, "expires_in").orElse(null))
                .build();
    }
}
