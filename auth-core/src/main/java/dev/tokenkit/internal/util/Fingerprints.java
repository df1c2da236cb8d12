package dev.tokenkit.internal.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Non-reversible short identifiers of token values, safe to log. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** {@code sha256:} and the first 8 hex digits of the value's SHA-256. */
    public static String of(String value) {
        byte[] digest = sha256().digest(value.getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(digest, 0, 4);
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
