package dev.tokenkit.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Unsigned JWT-shaped strings for tests (the core never verifies signatures). */
public final class Jwts {
    private Jwts() {
    }

    public static String withPayload(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("not-a-real-signature".getBytes(StandardCharsets.UTF_8));
    }

    public static String expiringAt(Instant exp) {
        return withPayload("{\"sub\":\"test\",\"exp\":" + exp.getEpochSecond() + "}");
    }
}
