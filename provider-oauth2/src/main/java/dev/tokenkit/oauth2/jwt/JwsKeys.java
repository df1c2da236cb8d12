package dev.tokenkit.oauth2.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a private key can sign: its kind ({@link #describe(PrivateKey)}, never key bytes), the
 * algorithms that fit it, its default algorithm, the Nimbus signer for a chosen algorithm, and
 * the public JWK its RFC 7638 thumbprint is computed from.
 */
final class JwsKeys {
    private static final List<JWSAlgorithm> RSA = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    /** Nimbus's RSASSASigner refuses smaller keys, as RFC 7518 §3.3 requires. */
    static final int MIN_RSA_BITS = 2048;

    private JwsKeys() {
    }

    /** The key's kind for messages: "RSA 2048-bit key", "EC key on curve P-256", "Ed25519 key". */
    static String describe(PrivateKey key) {
        if (key instanceof RSAPrivateKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + "-bit key";
        }
        if (key instanceof ECPrivateKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            return "EC key on curve " + (curve == null ? "(unsupported)" : curve.getName());
        }
        if (key instanceof EdECPrivateKey ed) {
            return ed.getParams().getName() + " key";
        }
        return key.getAlgorithm() + " key";
    }

    /** The algorithms this key can sign, for messages and checks. */
    static List<JWSAlgorithm> algorithms(PrivateKey key) {
        if (key instanceof RSAPrivateKey) {
            return RSA;
        }
        if (key instanceof ECPrivateKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                return List.of();
            }
            try {
                return List.of(com.nimbusds.jose.crypto.impl.ECDSA.resolveAlgorithm(curve));
            } catch (JOSEException e) {
                return List.of();
            }
        }
        if (key instanceof EdECPrivateKey) {
            return List.of(JWSAlgorithm.EdDSA);
        }
        return List.of();
    }

    /** The signer of a key and an algorithm that fits it ({@link #algorithms(PrivateKey)}). */
    static JWSSigner signer(PrivateKey key, JWSAlgorithm algorithm) {
        if (key instanceof RSAPrivateKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("the key is an " + describe(key) + "; RSA signatures need a key"
                        + " of at least " + MIN_RSA_BITS + " bits (RFC 7518 section 3.3): make a new key, e.g."
                        + " openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048");
            }
            return new RSASSASigner(key);
        }
        if (key instanceof ECPrivateKey ec) {
            try {
                return new ECDSASigner(ec);
            } catch (JOSEException e) {
                throw new IllegalArgumentException("the " + describe(key) + " cannot sign " + algorithm.getName(), e);
            }
        }
        return new JdkEdDsaSigner(key);
    }

    /**
     * The public key of a private key without one given: the certificate's, when there is one,
     * else an RSA key's own public half (an EC or EdDSA private key alone does not hold it).
     */
    static Optional<PublicKey> publicKey(PrivateKey key, Optional<X509Certificate> certificate) {
        if (certificate.isPresent()) {
            return Optional.of(certificate.get().getPublicKey());
        }
        if (key instanceof RSAPrivateCrtKey crt && crt.getPublicExponent() != null
                && crt.getPublicExponent().signum() > 0) {
            try {
                return Optional.of(KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent())));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK cannot make an RSA public key: " + e.getClass().getSimpleName(), e);
            }
        }
        return Optional.empty();
    }

    /** The public JWK of a public key, for its RFC 7638 thumbprint. */
    static JWK publicJwk(PublicKey publicKey) {
        if (publicKey instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (publicKey instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
        }
        return octetKeyPair(publicKey);
    }

    /** RFC 8037 §2: {@code x} is the raw public key, the tail of its X.509 encoding (RFC 8410). */
    private static JWK octetKeyPair(PublicKey publicKey) {
        byte[] encoded = publicKey.getEncoded();
        boolean ed25519 = encoded.length == 44;
        int length = ed25519 ? 32 : 57;
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - length, encoded.length);
        return new OctetKeyPair.Builder(ed25519 ? Curve.Ed25519 : Curve.Ed448, Base64URL.encode(raw)).build();
    }
}
