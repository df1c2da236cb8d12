package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.spi.TokenKey;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts and authenticates one key's token for storage, with keys derived from the key's
 * secret material: AES-256-GCM (12-byte random nonce, 128-bit tag, the Redis key name as
 * additional data) over the token's value, type, issue time and expiry; and a keyed hash
 * (HMAC-SHA256) of the value, so that "is this the stored token?" can be asked without showing
 * the value. Both keys come from HKDF-SHA256 over the secret material, with the provider id and
 * identity in the context, so tenants never share a key.
 */
final class TokenCipher {
    /** The plaintext layout's version, first byte of every plaintext. */
    static final int FORMAT = 1;

    private static final byte[] SALT = "tokenkit/store-redis/v1".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_FIELD_BYTES = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec aesKey;
    private final byte[] macKey;

    private TokenCipher(byte[] aesKey, byte[] macKey) {
        this.aesKey = new SecretKeySpec(aesKey, "AES");
        this.macKey = macKey;
        Arrays.fill(aesKey, (byte) 0);
    }

    /**
     * The cipher of a key: derived from its secret material, provider id and identity.
     *
     * @param key the token's key
     * @return its cipher
     */
    static TokenCipher of(TokenKey key) {
        byte[] ikm = key.secretMaterial().reveal().getBytes(StandardCharsets.UTF_8);
        try {
            String context = "\n" + key.providerId() + "\n" + key.identity();
            return new TokenCipher(
                    Hkdf.derive(SALT, ikm, ("aes-256-gcm" + context).getBytes(StandardCharsets.UTF_8), 32),
                    Hkdf.derive(SALT, ikm, ("hmac-sha256 value hash" + context).getBytes(StandardCharsets.UTF_8), 32));
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    /**
     * The keyed hash of a token value: equal for equal values under one key, meaningless without it.
     *
     * @param value a token value
     * @return 64 hex digits
     */
    String valueHash(String value) {
        return HexFormat.of().formatHex(Hkdf.hmac(macKey, value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Encrypts a token.
     *
     * @param token a token
     * @param aad   data the ciphertext is bound to (the Redis key name)
     * @return nonce followed by ciphertext and tag
     */
    byte[] seal(AccessToken token, byte[] aad) {
        byte[] plain = encode(token);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] sealed = new byte[NONCE_BYTES + c.getOutputSize(plain.length)];
            System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
            c.doFinal(plain, 0, plain.length, sealed, NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required of every Java platform", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Decrypts and checks what {@link #seal} made.
     *
     * @param sealed nonce, ciphertext and tag
     * @param aad    the data it was bound to
     * @return the token
     * @throws GeneralSecurityException when it was sealed under other keys or for another key
     *                                  name, was altered, or does not hold a token
     */
    AccessToken open(byte[] sealed, byte[] aad) throws GeneralSecurityException {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("too short to be a sealed token");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
        c.updateAAD(aad);
        byte[] plain = c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        try {
            return decode(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] encode(AccessToken token) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(token.value().length() + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeString(out, token.value());
            writeString(out, token.type());
            writeInstant(out, token.issuedAt());
            Instant expiresAt = token.expiresAt().orElse(null);
            out.writeBoolean(expiresAt != null);
            if (expiresAt != null) {
                writeInstant(out, expiresAt);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static AccessToken decode(byte[] plain) throws GeneralSecurityException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new GeneralSecurityException("plaintext format " + format + " is not " + FORMAT);
            }
            AccessToken.Builder b = AccessToken.builder(readString(in)).type(readString(in)).issuedAt(readInstant(in));
            if (in.readBoolean()) {
                b.expiresAt(readInstant(in));
            }
            if (in.available() != 0) {
                throw new GeneralSecurityException("bytes after the token");
            }
            return b.build();
        } catch (IOException | RuntimeException e) {
            // a plaintext that authenticates but does not parse: sealed by something that is not this class
            throw new GeneralSecurityException("not a sealed token (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FIELD_BYTES || n > in.available()) {
            throw new IOException("bad field length");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
