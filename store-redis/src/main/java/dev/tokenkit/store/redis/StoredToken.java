package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A token as the store keeps it in its Redis hash: clear fields to compare on the server, and
 * the sealed token (see {@link TokenCipher}). The hash has exactly the fields of {@link #SHAPE},
 * each within its sizes and of its characters; the Lua scripts check that shape on the server
 * ({@link Scripts}), so anything else found at a token key is foreign.
 *
 * @param format          the plaintext layout's version ({@link TokenCipher#FORMAT})
 * @param expiresAtMillis the expiry, epoch milliseconds
 * @param expiresAtNanos  the nanoseconds within that millisecond
 * @param issuedAtMillis  the issue time, epoch milliseconds
 * @param issuedAtNanos   the nanoseconds within that millisecond
 * @param valueHash       the keyed hash of the value ({@link TokenCipher#valueHash})
 * @param sealed          base64 of the sealed token ({@link TokenCipher#seal})
 */
record StoredToken(int format, long expiresAtMillis, int expiresAtNanos, long issuedAtMillis, int issuedAtNanos,
                   String valueHash, String sealed) {

    /** The most characters of {@code ct}: about 96 KiB sealed, a token value of up to about 95 KiB. */
    static final int MAX_SEALED_CHARS = 128 * 1024;

    /**
     * The hash's fields in the order of {@link #fields()} and of the scripts' replies: name, least and
     * most characters, and the characters allowed (a Lua character class, checked without backtracking).
     */
    static final List<Field> SHAPE = List.of(
            new Field("v", 1, 3, "0-9"),
            new Field("exp", 1, 15, "0-9"),
            new Field("expn", 1, 6, "0-9"),
            new Field("iat", 1, 15, "0-9"),
            new Field("iatn", 1, 6, "0-9"),
            new Field("vh", 64, 64, "0-9a-f"),
            new Field("ct", 1, MAX_SEALED_CHARS, "%w+/="));

    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * One field of the hash.
     *
     * @param name     its name
     * @param minChars the least characters
     * @param maxChars the most characters
     * @param chars    the characters allowed, as a Lua character class without its brackets
     */
    record Field(String name, int minChars, int maxChars, String chars) {
    }

    /**
     * Seals a token for the hash named {@code keyName}.
     *
     * @param token   a token with an expiry between 1970 and 9999
     * @param cipher  its key's cipher
     * @param keyName the Redis key it is bound to
     * @return what to store
     * @throws IllegalArgumentException when the token has no expiry or its instants are out of range
     * @throws RedisStoreException      when the sealed token exceeds {@link #MAX_SEALED_CHARS}
     */
    static StoredToken seal(AccessToken token, TokenCipher cipher, String keyName) {
        Instant expiresAt = token.expiresAt().orElseThrow(() ->
                new IllegalArgumentException("a published token must carry its expiry"));
        within(expiresAt, "expiry");
        within(token.issuedAt(), "issue time");
        String sealed = Base64.getEncoder().encodeToString(cipher.seal(token, aad(keyName)));
        if (sealed.length() > MAX_SEALED_CHARS) {
            throw new RedisStoreException("cannot publish to " + keyName + ": the token is too large to share ("
                    + sealed.length() + " characters sealed, at most " + MAX_SEALED_CHARS + "); each replica keeps its"
                    + " own", null);
        }
        return new StoredToken(TokenCipher.FORMAT, expiresAt.toEpochMilli(), nanosOfMilli(expiresAt),
                token.issuedAt().toEpochMilli(), nanosOfMilli(token.issuedAt()), cipher.valueHash(token.value()), sealed);
    }

    /**
     * Reads the fields a script returned, in the order of {@link #SHAPE}; the script has checked
     * their shape.
     *
     * @param fields the values
     * @return the stored token
     * @throws IllegalArgumentException when they are not of the shape
     */
    static StoredToken of(List<String> fields) {
        if (fields.size() != SHAPE.size() || fields.contains(null)) {
            throw new IllegalArgumentException("expected " + SHAPE.size() + " fields");
        }
        return new StoredToken(Integer.parseInt(fields.get(0)), Long.parseLong(fields.get(1)),
                Integer.parseInt(fields.get(2)), Long.parseLong(fields.get(3)), Integer.parseInt(fields.get(4)),
                fields.get(5), fields.get(6));
    }

    /** The values in the order of {@link #SHAPE}. */
    List<String> fields() {
        return List.of(Integer.toString(format), Long.toString(expiresAtMillis), Integer.toString(expiresAtNanos),
                Long.toString(issuedAtMillis), Integer.toString(issuedAtNanos), valueHash, sealed);
    }

    /** When Redis drops the hash: the expiry, rounded up to the millisecond ({@code PEXPIREAT}). */
    long dropAtMillis() {
        return expiresAtMillis + (expiresAtNanos > 0 ? 1 : 0);
    }

    /**
     * Opens the sealed token and checks the clear fields against it.
     *
     * @param cipher  the reader's cipher for the key
     * @param keyName the Redis key it was read from
     * @return the token
     * @throws Unreadable naming why it cannot be used (never its content)
     */
    AccessToken open(TokenCipher cipher, String keyName) throws Unreadable {
        if (format != TokenCipher.FORMAT) {
            throw new Unreadable("it is in format " + format + ", which this version does not read (written by a"
                    + " newer tokenkit?)");
        }
        AccessToken token;
        try {
            token = cipher.open(Base64.getDecoder().decode(sealed), aad(keyName));
        } catch (GeneralSecurityException e) {
            throw new Unreadable("it cannot be decrypted with this configuration's credentials (stored under other"
                    + " credentials, or altered)");
        } catch (IllegalArgumentException e) {
            throw new Unreadable("it is malformed (" + e.getClass().getSimpleName() + ")");
        }
        Instant exp = token.expiresAt().orElse(null);
        if (exp == null || exp.toEpochMilli() != expiresAtMillis || nanosOfMilli(exp) != expiresAtNanos
                || token.issuedAt().toEpochMilli() != issuedAtMillis || nanosOfMilli(token.issuedAt()) != issuedAtNanos
                || !cipher.valueHash(token.value()).equals(valueHash)) {
            throw new Unreadable("its clear fields do not match its encrypted token (altered)");
        }
        return token;
    }

    /** Why a stored value cannot be used, without its content. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String problem) {
            super(problem, null, false, false);
        }
    }

    private static byte[] aad(String keyName) {
        return keyName.getBytes(StandardCharsets.UTF_8);
    }

    private static void within(Instant t, String what) {
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new IllegalArgumentException("a token's " + what + " must be between " + EARLIEST + " and " + LATEST
                    + " to be stored in Redis (was " + t + ")");
        }
    }

    private static int nanosOfMilli(Instant t) {
        return t.getNano() % 1_000_000;
    }
}
