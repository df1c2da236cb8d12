package dev.tokenkit.internal.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.EdECKey;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A private key, its public key and the certificate chain that goes with it (possibly empty),
 * as read by {@link KeyFiles}. Safe to print: {@link #toString()} is {@link #describe()}, which
 * names the algorithm, the key size or curve, and the leaf certificate's subject and expiry,
 * never key bytes. Not serializable.
 */
public final class KeyMaterial {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final List<X509Certificate> chain;

    KeyMaterial(PrivateKey privateKey, PublicKey publicKey, List<X509Certificate> chain) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.chain = List.copyOf(chain);
    }

    /** The private key: a secret, never to be printed, logged or stored. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The public key of {@link #privateKey()} (the leaf certificate's, when there is one). */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The certificate chain, leaf first; empty when none was given. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The leaf certificate, the one for {@link #privateKey()}. */
    public Optional<X509Certificate> certificate() {
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }

    /**
     * A stable identity of the key pair, safe to show and to use in a storage key: the unpadded
     * base64url SHA-256 of the public key's X.509 encoding ({@code SubjectPublicKeyInfo}). It is
     * derived from public material, so it names a key but is no secret to encrypt with.
     */
    public String fingerprint() {
        byte[] digest = dev.tokenkit.internal.util.Fingerprints.sha256().digest(publicKey.getEncoded());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** The key's algorithm and size or curve, e.g. {@code RSA 2048-bit}, {@code EC secp256r1}, {@code Ed25519}. */
    public String algorithm() {
        return describeKey(publicKey);
    }

    /**
     * What this is, for messages and {@code describe} output: algorithm, size or curve, the leaf
     * certificate's subject and validity end, and the fingerprint; never key bytes.
     */
    public String describe() {
        StringBuilder s = new StringBuilder(algorithm()).append(" key ").append(fingerprint().substring(0, 12));
        certificate().ifPresentOrElse(c -> s.append(", certificate ").append(c.getSubjectX500Principal().getName())
                        .append(" valid until ").append(c.getNotAfter().toInstant())
                        .append(chain.size() > 1 ? " (chain of " + chain.size() + ")" : ""),
                () -> s.append(", no certificate"));
        return s.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    static String describeKey(PublicKey key) {
        if (key instanceof RSAKey rsa) {
            return key.getAlgorithm() + " " + rsa.getModulus().bitLength() + "-bit";
        }
        if (key instanceof ECKey ec) {
            String curve = ec.getParams().toString();
            int space = curve.indexOf(' ');
            return "EC " + (space > 0 ? curve.substring(0, space)
                    : ec.getParams().getCurve().getField().getFieldSize() + "-bit");
        }
        if (key instanceof EdECKey ed) {
            return ed.getParams().getName();
        }
        return key.getAlgorithm();
    }
}
