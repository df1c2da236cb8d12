package dev.tokenkit.store.redis;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869), on the JDK's {@link Mac} alone. */
final class Hkdf {
    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LEN = 32;

    private Hkdf() {
    }

    /**
     * Extract, then expand.
     *
     * @param salt   the salt; empty means {@code HashLen} zero bytes, as the RFC says
     * @param ikm    the input keying material
     * @param info   the context that makes keys for different uses different
     * @param length how many bytes of output keying material, at most 255 × 32
     * @return the output keying material
     */
    static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length <= 0 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF-SHA256 gives 1 to " + 255 * HASH_LEN + " bytes, not " + length);
        }
        try {
            byte[] prk = hmac(salt.length == 0 ? new byte[HASH_LEN] : salt, ikm);
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(prk, HMAC));
            byte[] okm = new byte[length];
            byte[] t = new byte[0];
            for (int i = 1, done = 0; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, okm, done, n);
                done += n;
            }
            Arrays.fill(prk, (byte) 0);
            Arrays.fill(t, (byte) 0);
            return okm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** HMAC-SHA256 of {@code data} under {@code key}. */
    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
