package dev.tokenkit.emulators;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;

/**
 * The API an emulator's tokens open: {@code GET} {@value VendorEmulator#PROTECTED_PATH} with
 * {@code Authorization: Bearer <token>}. A token this emulator signed and whose {@code exp} is
 * still ahead of the emulator's clock gets {@code 200}; anything else gets {@code 401} with an
 * RFC 6750 {@code WWW-Authenticate: Bearer} challenge. Parsing is linear: no regular expression
 * sees the header.
 */
final class ProtectedResource {
    private static final String REALM = "tokenkit-emulator";
    /** Longer {@code Authorization} values are refused unread: no emulator token comes near it. */
    private static final int MAX_HEADER = 16 * 1024;

    private final byte[] key;
    private final InstantSource clock;

    ProtectedResource(byte[] key, InstantSource clock) {
        this.key = key;
        this.clock = clock;
    }

    /** Answers a request to {@value VendorEmulator#PROTECTED_PATH}. */
    FakeResponse answer(RecordedRequest request) {
        if (!request.method().equals("GET")) {
            return FakeResponse.status(405).header("Allow", "GET")
                    .header(EmulatorSupport.REASON_HEADER, "only GET is allowed")
                    .json(message("Method Not Allowed. Use GET " + VendorEmulator.PROTECTED_PATH));
        }
        Optional<String> authorization = request.header("Authorization");
        if (authorization.isEmpty()) {
            // RFC 6750 §3.1: a request without credentials gets the challenge and no error code
            return unauthorized("Bearer realm=\"" + REALM + "\"", "no Authorization header");
        }
        String value = authorization.get();
        String token = value.length() > MAX_HEADER ? null : bearerToken(value);
        if (token == null) {
            return invalid("the Authorization header must be 'Bearer <token>'");
        }
        Optional<JsonObject> claims = EmulatorSupport.verifiedClaims(token, key);
        if (claims.isEmpty()) {
            return invalid("the token was not issued by this emulator");
        }
        JsonValue exp = claims.get().get("exp");
        if (!(exp instanceof JsonNumber number) || !number.isIntegral()) {
            return invalid("the token carries no exp claim");
        }
        long remaining = number.longValue() - clock.instant().getEpochSecond();
        if (remaining <= 0) {
            return invalid("the token expired");
        }
        JsonObjectBuilder body = EmulatorSupport.object();
        EmulatorSupport.string(claims.get(), "sub").ifPresent(sub -> body.add("sub", sub));
        return FakeResponse.ok(body.add("expires_in", remaining).build().toString())
                .header("Cache-Control", "no-store");
    }

    /** The token of a {@code Bearer} credential (scheme in any case), or null. */
    private static String bearerToken(String value) {
        String trimmed = value.strip();
        int space = trimmed.indexOf(' ');
        if (space < 0 || !trimmed.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return null;
        }
        String token = trimmed.substring(space + 1).strip();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? null : token;
    }

    private static FakeResponse invalid(String reason) {
        return unauthorized("Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\""
                + reason + "\"", reason);
    }

    private static FakeResponse unauthorized(String challenge, String reason) {
        return FakeResponse.status(401).header("WWW-Authenticate", challenge)
                .header(EmulatorSupport.REASON_HEADER, reason)
                .json(message("Unauthorized: " + reason));
    }

    private static String message(String text) {
        return EmulatorSupport.object().add("message", text).build().toString();
    }
}
