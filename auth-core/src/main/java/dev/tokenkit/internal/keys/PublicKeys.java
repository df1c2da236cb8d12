package dev.tokenkit.internal.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * The public key of a private key, for the key/certificate check and the fingerprint: RSA from
 * its CRT parameters, EC from the point a SEC1 structure carries or else by multiplying the
 * generator, EdDSA by regenerating the pair from its seed.
 */
final class PublicKeys {
    private PublicKeys() {
    }

    /**
     * The public key, empty when it cannot be derived (an RSA key without CRT parameters).
     *
     * @param embeddedEcPoint the uncompressed EC point stored beside an EC private key, if any
     */
    static Optional<PublicKey> of(PrivateKey key, Optional<byte[]> embeddedEcPoint) throws GeneralSecurityException {
        if (key instanceof RSAPrivateCrtKey rsa) {
            return Optional.of(KeyFactory.getInstance(key.getAlgorithm()).generatePublic(
                    new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent(), rsa.getParams())));
        }
        if (key instanceof ECPrivateKey ec) {
            ECParameterSpec params = ec.getParams();
            ECPoint w = embeddedEcPoint.flatMap(p -> decodePoint(p, params))
                    .orElseGet(() -> multiply(params, ec.getS()));
            return Optional.of(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params)));
        }
        if (key instanceof EdECPrivateKey ed) {
            byte[] seed = ed.getBytes().orElseThrow(() -> new GeneralSecurityException("EdDSA key without its seed"));
            KeyPairGenerator g = KeyPairGenerator.getInstance("EdDSA");
            g.initialize(ed.getParams(), new FixedSeed(seed));
            KeyPair pair = g.generateKeyPair();
            byte[] regenerated = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
            boolean same = Arrays.equals(seed, regenerated);
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(regenerated, (byte) 0);
            return same ? Optional.of(pair.getPublic()) : Optional.empty();
        }
        return Optional.empty();
    }

    /** An uncompressed point {@code 04 || X || Y} of the curve's size; empty for any other form. */
    private static Optional<ECPoint> decodePoint(byte[] encoded, ECParameterSpec params) {
        int size = (params.getCurve().getField().getFieldSize() + 7) / 8;
        if (encoded.length != 1 + 2 * size || encoded[0] != 4) {
            return Optional.empty();
        }
        return Optional.of(new ECPoint(new BigInteger(1, Arrays.copyOfRange(encoded, 1, 1 + size)),
                new BigInteger(1, Arrays.copyOfRange(encoded, 1 + size, encoded.length))));
    }

    /** {@code k·G} on a prime curve, in affine coordinates (run once per key load, not per request). */
    static ECPoint multiply(ECParameterSpec params, BigInteger k) {
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger a = params.getCurve().getA();
        ECPoint result = ECPoint.POINT_INFINITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            result = add(result, result, a, p);
            if (k.testBit(i)) {
                result = add(result, params.getGenerator(), a, p);
            }
        }
        return result;
    }

    private static ECPoint add(ECPoint s, ECPoint t, BigInteger a, BigInteger p) {
        if (s.equals(ECPoint.POINT_INFINITY)) {
            return t;
        }
        if (t.equals(ECPoint.POINT_INFINITY)) {
            return s;
        }
        BigInteger lambda;
        if (s.getAffineX().equals(t.getAffineX())) {
            if (!s.getAffineY().equals(t.getAffineY()) || s.getAffineY().signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x = s.getAffineX();
            lambda = x.multiply(x).multiply(BigInteger.valueOf(3)).add(a)
                    .multiply(s.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = t.getAffineY().subtract(s.getAffineY())
                    .multiply(t.getAffineX().subtract(s.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x3 = lambda.multiply(lambda).subtract(s.getAffineX()).subtract(t.getAffineX()).mod(p);
        BigInteger y3 = lambda.multiply(s.getAffineX().subtract(x3)).subtract(s.getAffineY()).mod(p);
        return new ECPoint(x3, y3);
    }

    /** Hands an EdDSA key pair generator the seed of an existing key, so it regenerates that pair. */
    private static final class FixedSeed extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("unexpected seed request of " + bytes.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
