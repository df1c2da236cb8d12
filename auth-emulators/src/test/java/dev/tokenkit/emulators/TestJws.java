package dev.tokenkit.emulators;

import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;

/** Signs JWTs in tests with the JDK, as a client would, and writes keys as JWKs. */
final class TestJws {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private TestJws() {
    }

    static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case "RS256", "PS256" -> generator("RSA", null, 2048);
            case "ES256" -> generator("EC", "secp256r1", 0);
            case "ES384" -> generator("EC", "secp384r1", 0);
            case "EdDSA" -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            default -> throw new IllegalArgumentException(algorithm);
        };
    }

    private static KeyPair generator(String type, String curve, int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
        if (curve != null) {
            generator.initialize(new ECGenParameterSpec(curve));
        } else {
            generator.initialize(bits);
        }
        return generator.generateKeyPair();
    }

    /** A compact JWS of these header and claims. */
    static String sign(JsonObject header, JsonObject claims, Key key) throws GeneralSecurityException {
        String signed = encode(header.toString()) + '.' + encode(claims.toString());
        byte[] input = signed.getBytes(StandardCharsets.US_ASCII);
        String algorithm = header.getString("alg");
        byte[] signature;
        if (algorithm.equals("HS256")) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            signature = mac.doFinal(input);
        } else {
            Signature signer = JwsVerifier.signature(algorithm);
            signer.initSign((PrivateKey) key);
            signer.update(input);
            signature = signer.sign();
        }
        return signed + '.' + BASE64URL.encodeToString(signature);
    }

    /** {@code {"alg":…}} plus a kid when not null. */
    static JsonObject header(String algorithm, String kid) {
        var header = EmulatorSupport.object().add("alg", algorithm).add("typ", "JWT");
        if (kid != null) {
            header.add("kid", kid);
        }
        return header.build();
    }

    /** The public JWK of a key, with a kid. */
    static JsonObject jwk(PublicKey key, String kid) {
        var jwk = EmulatorSupport.object().add("kid", kid);
        if (key instanceof RSAPublicKey rsa) {
            jwk.add("kty", "RSA").add("n", unsigned(rsa.getModulus(), 0)).add("e", unsigned(rsa.getPublicExponent(), 0));
        } else if (key instanceof ECPublicKey ec) {
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            jwk.add("kty", "EC").add("crv", size == 32 ? "P-256" : "P-384")
                    .add("x", unsigned(ec.getW().getAffineX(), size)).add("y", unsigned(ec.getW().getAffineY(), size));
        } else if (key instanceof EdECPublicKey ed) {
            byte[] bigEndian = fixed(ed.getPoint().getY(), 32);
            byte[] x = new byte[32];
            for (int i = 0; i < 32; i++) {
                x[i] = bigEndian[31 - i];
            }
            if (ed.getPoint().isXOdd()) {
                x[31] |= (byte) 0x80;
            }
            jwk.add("kty", "OKP").add("crv", "Ed25519").add("x", BASE64URL.encodeToString(x));
        }
        return jwk.build();
    }

    private static String unsigned(BigInteger value, int size) {
        return BASE64URL.encodeToString(fixed(value, size));
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        int length = bytes.length - start;
        byte[] out = new byte[Math.max(size, length)];
        System.arraycopy(bytes, start, out, out.length - length, length);
        return out;
    }

    static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A PEM block of these DER bytes. */
    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
