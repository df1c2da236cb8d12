package dev.tokenkit.oauth2.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkit.internal.keys.KeyMaterial;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Signs JWTs with one key, one algorithm and one header, chosen and checked once when it is made.
 *
 * <p>A private key signs RS256 (the default for RSA), RS384, RS512, PS256, PS384, PS512, ES256,
 * ES384 or ES512 (by the EC key's curve, which is also the default), or EdDSA (Ed25519, Ed448);
 * a shared secret signs HS256 (the default), HS384 or HS512 and must hold at least as many bytes
 * as the hash (32 for HS256, RFC 7518 §3.2). The header names the key as {@link JwsOptions} asks:
 * {@code kid} (given, or the RFC 7638 thumbprint of the public key), {@code x5t} (base64url SHA-1
 * of the leaf certificate's DER), {@code x5t#S256} and {@code x5c} (the chain, leaf first).
 *
 * <p>Every problem is an {@link IllegalArgumentException} whose message names it and its fix and
 * never holds key material; callers prefix the option it came from. {@link #toString()} shows the
 * algorithm and the header, never the key. Thread-safe.
 */
public final class JwtSigner {
    private static final List<JWSAlgorithm> SUPPORTED = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.HS256, JWSAlgorithm.HS384,
            JWSAlgorithm.HS512);

    private final JWSSigner signer;
    private final JWSHeader header;

    private JwtSigner(JWSSigner signer, JWSHeader header) {
        this.signer = signer;
        this.header = header;
    }

    /**
     * A signer of a private key.
     *
     * @param key     the private key (RSA, EC or EdDSA)
     * @param chain   its certificate chain, leaf first; may be empty unless the options send
     *                {@code x5t}, {@code x5t#S256} or {@code x5c}
     * @param options the algorithm and header choices
     * @return the signer
     * @throws IllegalArgumentException when the key, the chain and the options do not fit together
     */
    public static JwtSigner of(PrivateKey key, List<X509Certificate> chain, JwsOptions options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        Optional<X509Certificate> leaf = chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
        return of(key, JwsKeys.publicKey(key, leaf), chain, options);
    }

    /**
     * A signer of key material read by tokenkit's key files (a PEM file or a PKCS#12 keystore),
     * whose certificate, if any, is checked to match the key already.
     *
     * @param material the key, its public key and its certificate chain
     * @param options  the algorithm and header choices
     * @return the signer
     * @throws IllegalArgumentException when the key, the chain and the options do not fit together
     */
    public static JwtSigner of(KeyMaterial material, JwsOptions options) {
        return of(material.privateKey(), Optional.of(material.publicKey()), material.chain(), options);
    }

    private static JwtSigner of(PrivateKey key, Optional<PublicKey> knownPublic, List<X509Certificate> chain,
                                JwsOptions options) {
        Objects.requireNonNull(options, "options");
        List<JWSAlgorithm> fitting = JwsKeys.algorithms(key);
        if (fitting.isEmpty()) {
            throw new IllegalArgumentException("the key is an " + JwsKeys.describe(key) + ", which signs no JWS"
                    + " algorithm tokenkit supports; use an RSA key (2048 bits or more), an EC key on P-256, P-384 or"
                    + " P-521, or an Ed25519 key");
        }
        JWSAlgorithm algorithm = options.algorithm().map(JwtSigner::algorithm).orElse(fitting.get(0));
        if (!fitting.contains(algorithm)) {
            throw new IllegalArgumentException("algorithm " + algorithm.getName() + " does not fit the key, an "
                    + JwsKeys.describe(key) + ": it signs " + names(fitting) + "; choose one of them, or a key made"
                    + " for " + algorithm.getName());
        }
        JWSSigner signer = JwsKeys.signer(key, algorithm);
        Optional<X509Certificate> leaf = chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm);
        if (options.thumbprintKeyId()) {
            PublicKey publicKey = knownPublic.orElseThrow(() -> new IllegalArgumentException("the kid cannot be the"
                    + " key's thumbprint: an " + JwsKeys.describe(key) + " alone does not hold its public key; give"
                    + " the certificate, or set the kid"));
            header.keyID(thumbprint(JwsKeys.publicJwk(publicKey)));
        }
        options.keyId().ifPresent(header::keyID);
        if (options.x5t() || options.x5tS256() || options.x5c()) {
            X509Certificate certificate = leaf.orElseThrow(() -> new IllegalArgumentException("the header is to"
                    + " carry " + certificateHeaders(options) + ", which name a certificate, but no certificate was"
                    + " given; give the key's certificate, or do not send them"));
            byte[] der = der(certificate);
            if (options.x5t()) {
                x5t(header, Base64URL.encode(digest("SHA-1", der)));
            }
            if (options.x5tS256()) {
                header.x509CertSHA256Thumbprint(Base64URL.encode(digest("SHA-256", der)));
            }
            if (options.x5c()) {
                List<Base64> encoded = new ArrayList<>();
                for (X509Certificate c : chain) {
                    encoded.add(Base64.encode(der(c)));
                }
                header.x509CertChain(encoded);
            }
        }
        options.type().ifPresent(t -> header.type(new JOSEObjectType(t)));
        return new JwtSigner(signer, header.build());
    }

    /**
     * A signer of a shared secret (HS256 by default), as {@code client_secret_jwt} uses the client
     * secret.
     *
     * @param secret  the secret's bytes (UTF-8 of the client secret); at least 32 bytes for
     *                HS256, 48 for HS384, 64 for HS512
     * @param options the algorithm and header choices ({@code kid} only: a shared secret has no
     *                certificate or thumbprint)
     * @return the signer
     * @throws IllegalArgumentException when the secret is too short or the options do not fit it
     */
    public static JwtSigner hmac(byte[] secret, JwsOptions options) {
        Objects.requireNonNull(secret, "secret");
        List<JWSAlgorithm> fitting = List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
        JWSAlgorithm algorithm = options.algorithm().map(JwtSigner::algorithm).orElse(JWSAlgorithm.HS256);
        if (!fitting.contains(algorithm)) {
            throw new IllegalArgumentException("algorithm " + algorithm.getName() + " does not fit a shared secret:"
                    + " it signs " + names(fitting) + "; choose one of them, or a private key for "
                    + algorithm.getName());
        }
        int minimum = Integer.parseInt(algorithm.getName().substring(2)) / 8;
        if (secret.length < minimum) {
            throw new IllegalArgumentException("the secret has " + secret.length + " bytes, but " + algorithm.getName()
                    + " needs at least " + minimum + " (RFC 7518 section 3.2): ask the server for a longer client"
                    + " secret");
        }
        if (options.thumbprintKeyId() || options.x5t() || options.x5tS256() || options.x5c()) {
            throw new IllegalArgumentException("a shared secret has no public key or certificate, so no thumbprint"
                    + " kid, x5t, x5t#S256 or x5c; give a kid, or none");
        }
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm);
        options.keyId().ifPresent(header::keyID);
        options.type().ifPresent(t -> header.type(new JOSEObjectType(t)));
        try {
            return new JwtSigner(new MACSigner(secret), header.build());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the secret cannot sign " + algorithm.getName(), e);
        }
    }

    /**
     * The JWS algorithm this signer signs with.
     *
     * @return e.g. {@code RS256}
     */
    public String algorithm() {
        return header.getAlgorithm().getName();
    }

    /**
     * The {@code kid} of the header.
     *
     * @return the key id, empty when the header has none
     */
    public Optional<String> keyId() {
        return Optional.ofNullable(header.getKeyID());
    }

    /**
     * Signs claims.
     *
     * @param claims the claims
     * @return the compact serialization {@code header.payload.signature}
     * @throws IllegalStateException when the JCA fails to sign (a broken security provider)
     */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a " + algorithm() + " JWT failed: " + e.getClass().getSimpleName(),
                    e);
        }
        return jwt.serialize();
    }

    /**
     * Signs claims given as a map (dates as seconds since the epoch, as in the JWT).
     *
     * @param claims claim names to JSON values (strings, numbers, booleans, lists, maps)
     * @return the compact serialization
     * @throws IllegalArgumentException when a registered claim has the wrong type
     */
    public String sign(Map<String, Object> claims) {
        try {
            return sign(JWTClaimsSet.parse(claims));
        } catch (ParseException e) {
            throw new IllegalArgumentException("the claims are not a JWT claims set: " + e.getMessage(), e);
        }
    }

    /** The algorithm and the header's key names; never the key. */
    @Override
    public String toString() {
        return "JwtSigner[" + header.toJSONObject().keySet().stream().sorted()
                .map(name -> name + "=" + header.toJSONObject().get(name)).filter(s -> !s.startsWith("x5c="))
                .collect(Collectors.joining(", ")) + "]";
    }

    private static JWSAlgorithm algorithm(String name) {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        if (!SUPPORTED.contains(algorithm)) {
            throw new IllegalArgumentException("'" + printable(name) + "' is not a JWS algorithm tokenkit signs; use"
                    + " RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, HS256, HS384 or HS512");
        }
        return algorithm;
    }

    /** Entra ID requires {@code x5t}, which RFC 7515 keeps and Nimbus marks deprecated in favour of x5t#S256. */
    @SuppressWarnings("deprecation")
    private static void x5t(JWSHeader.Builder header, Base64URL thumbprint) {
        header.x509CertThumbprint(thumbprint);
    }

    private static String thumbprint(JWK jwk) {
        try {
            return jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate of " + certificate.getSubjectX500Principal()
                    + " cannot be DER-encoded", e);
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    private static String certificateHeaders(JwsOptions options) {
        List<String> names = new ArrayList<>();
        if (options.x5t()) {
            names.add("x5t");
        }
        if (options.x5tS256()) {
            names.add("x5t#S256");
        }
        if (options.x5c()) {
            names.add("x5c");
        }
        return String.join(", ", names);
    }

    private static String names(List<JWSAlgorithm> algorithms) {
        return algorithms.stream().map(JWSAlgorithm::getName).collect(Collectors.joining(", "));
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 40; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
