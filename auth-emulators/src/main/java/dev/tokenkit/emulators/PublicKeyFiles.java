package dev.tokenkit.emulators;

import dev.tokenkit.emulators.JwsVerifier.VerificationKey;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the public keys and certificates that a server is given for its clients: a PEM file of
 * {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo: RSA, EC or Ed25519/Ed448) and
 * {@code CERTIFICATE} blocks, or a JWK Set (RFC 7517 §5; a single JWK too) of {@code RSA},
 * {@code EC} (P-256, P-384, P-521) and {@code OKP} (Ed25519, Ed448) keys. A private key is
 * refused (the server needs only the public half). The JDK and jakarta.json alone.
 *
 * <p>Errors are {@link IllegalArgumentException}s that name the file and the fix, never key
 * material.
 */
final class PublicKeyFiles {
    private static final Map<String, String> EC_CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1",
            "P-521", "secp521r1");

    private PublicKeyFiles() {
    }

    /**
     * The verification keys in a PEM or JWK Set file, with their {@code kid}s (a JWK's; none from PEM).
     *
     * @param file the file
     * @return the keys, at least one
     * @throws IllegalArgumentException if the file cannot be read or holds no public key
     */
    static List<VerificationKey> keys(Path file) {
        String text = read(file);
        List<VerificationKey> keys = new ArrayList<>();
        if (text.stripLeading().startsWith("{")) {
            JsonObject json = EmulatorSupport.parseObject(text.getBytes(StandardCharsets.UTF_8))
                    .orElseThrow(() -> problem(file, "is not a JSON object (a JWK Set or a JWK)"));
            JsonValue set = json.get("keys");
            if (set == null) {
                keys.add(jwk(file, json));
            } else if (set instanceof JsonArray array) {
                for (JsonValue member : array) {
                    if (!(member instanceof JsonObject jwk)) {
                        throw problem(file, "has a member of 'keys' that is not a JWK object");
                    }
                    keys.add(jwk(file, jwk));
                }
            } else {
                throw problem(file, "has 'keys' that is not an array");
            }
        } else {
            for (Pem block : pem(file, text)) {
                PublicKey key = switch (block.label()) {
                    case "PUBLIC KEY" -> spki(file, block.der());
                    case "CERTIFICATE" -> certificate(file, block.der()).getPublicKey();
                    default -> throw problem(file, block.label().contains("PRIVATE")
                            ? "holds a private key; give the server only its public half (openssl pkey -in KEY -pubout,"
                                    + " or tokenkit jwk KEY for a JWK Set)"
                            : "holds a PEM block '" + EmulatorSupport.printable(block.label())
                                    + "'; give PUBLIC KEY or CERTIFICATE blocks, or a JWK Set");
                };
                keys.add(new VerificationKey(Optional.empty(), key));
            }
        }
        if (keys.isEmpty()) {
            throw problem(file, "holds no key; give a PEM public key or certificate, or a JWK Set");
        }
        return List.copyOf(keys);
    }

    /**
     * The certificates in a PEM file.
     *
     * @param file the file
     * @return the certificates, at least one
     * @throws IllegalArgumentException if the file cannot be read or holds anything but certificates
     */
    static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Pem block : pem(file, read(file))) {
            if (!block.label().equals("CERTIFICATE")) {
                throw problem(file, "holds a PEM block other than CERTIFICATE; give the client's certificates only");
            }
            certificates.add(certificate(file, block.der()));
        }
        if (certificates.isEmpty()) {
            throw problem(file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw problem(file, "cannot be read (" + e.getClass().getSimpleName() + "); check the path and its permissions");
        }
    }

    /** A PEM block: its label and the DER it holds. */
    record Pem(String label, byte[] der) {
    }

    /** The PEM blocks of a text, line by line (RFC 7468); text between blocks is ignored. */
    static List<Pem> pem(Path file, String text) {
        List<Pem> blocks = new ArrayList<>();
        String label = null;
        StringBuilder base64 = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (label == null) {
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----") && line.length() > 16) {
                    label = line.substring(11, line.length() - 5);
                    base64.setLength(0);
                }
            } else if (line.equals("-----END " + label + "-----")) {
                try {
                    blocks.add(new Pem(label, Base64.getMimeDecoder().decode(base64.toString())));
                } catch (IllegalArgumentException e) {
                    throw problem(file, "has a PEM block whose body is not Base64");
                }
                label = null;
            } else {
                base64.append(line);
            }
        }
        if (label != null) {
            throw problem(file, "has a PEM block without its END line");
        }
        return blocks;
    }

    private static PublicKey spki(Path file, byte[] der) {
        for (String algorithm : List.of("RSA", "EC", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException notThisOne) {
                // try the next algorithm
            }
        }
        throw problem(file, "has a PUBLIC KEY that is not an RSA, EC or EdDSA key");
    }

    private static X509Certificate certificate(Path file, byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw problem(file, "has a CERTIFICATE that is not a valid X.509 certificate");
        }
    }

    private static VerificationKey jwk(Path file, JsonObject jwk) {
        String kty = EmulatorSupport.string(jwk, "kty").orElseThrow(() -> problem(file, "has a JWK without 'kty'"));
        Optional<String> kid = EmulatorSupport.string(jwk, "kid");
        try {
            PublicKey key = switch (kty) {
                case "RSA" -> KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(unsigned(file, jwk, "n"), unsigned(file, jwk, "e")));
                case "EC" -> {
                    String curve = EC_CURVES.get(member(file, jwk, "crv"));
                    if (curve == null) {
                        throw problem(file, "has an EC JWK on a curve other than P-256, P-384 or P-521");
                    }
                    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                    parameters.init(new ECGenParameterSpec(curve));
                    yield KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                            new ECPoint(unsigned(file, jwk, "x"), unsigned(file, jwk, "y")),
                            parameters.getParameterSpec(ECParameterSpec.class)));
                }
                case "OKP" -> {
                    String curve = member(file, jwk, "crv");
                    if (!curve.equals("Ed25519") && !curve.equals("Ed448")) {
                        throw problem(file, "has an OKP JWK on a curve other than Ed25519 or Ed448");
                    }
                    byte[] x = bytes(file, jwk, "x");
                    boolean xOdd = x.length > 0 && (x[x.length - 1] & 0x80) != 0;
                    byte[] bigEndian = new byte[x.length];
                    for (int i = 0; i < x.length; i++) {
                        bigEndian[i] = x[x.length - 1 - i];
                    }
                    if (bigEndian.length > 0) {
                        bigEndian[0] &= 0x7f;
                    }
                    yield KeyFactory.getInstance("EdDSA").generatePublic(new EdECPublicKeySpec(
                            new NamedParameterSpec(curve), new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
                }
                case "oct" -> throw problem(file, "has a symmetric (oct) JWK; client_secret_jwt is verified with the"
                        + " client's secret, give only public keys here");
                default -> throw problem(file, "has a JWK of kty other than RSA, EC or OKP");
            };
            return new VerificationKey(kid, key);
        } catch (GeneralSecurityException e) {
            throw problem(file, "has a " + kty + " JWK that is not a valid public key");
        }
    }

    private static String member(Path file, JsonObject jwk, String name) {
        return EmulatorSupport.string(jwk, name).orElseThrow(() -> problem(file, "has a JWK without '" + name + "'"));
    }

    private static byte[] bytes(Path file, JsonObject jwk, String name) {
        try {
            return Base64.getUrlDecoder().decode(member(file, jwk, name));
        } catch (IllegalArgumentException e) {
            throw problem(file, "has a JWK whose '" + name + "' is not base64url");
        }
    }

    private static BigInteger unsigned(Path file, JsonObject jwk, String name) {
        return new BigInteger(1, bytes(file, jwk, name));
    }

    static IllegalArgumentException problem(Path file, String what) {
        return new IllegalArgumentException("the key file " + file + " " + what);
    }
}
