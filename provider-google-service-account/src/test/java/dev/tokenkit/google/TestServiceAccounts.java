package dev.tokenkit.google;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Service-account key files for tests: a fresh RSA key written as Google writes its JSON key files. */
final class TestServiceAccounts {
    static final String EMAIL = "robot@tokenkit-test.iam.gserviceaccount.com";
    static final String KEY_ID = "0123456789abcdef0123456789abcdef01234567";

    private TestServiceAccounts() {
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM of a private key, as the key file's private_key holds it. */
    static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** Writes a key file for this key pair naming this token URI (or none, when null). */
    static Path write(Path file, KeyPair pair, String tokenUri) {
        try {
            return Files.writeString(file, json(pair, tokenUri), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key file's JSON for this key pair naming this token URI (or none, when null). */
    static String json(KeyPair pair, String tokenUri) {
        return "{\"type\":\"service_account\",\"project_id\":\"tokenkit-test\",\"private_key_id\":\"" + KEY_ID
                + "\",\"private_key\":\"" + pem(pair).replace("\n", "\\n") + "\",\"client_email\":\"" + EMAIL
                + "\",\"client_id\":\"1234567890\"" + (tokenUri == null ? "" : ",\"token_uri\":\"" + tokenUri + "\"") + "}";
    }

    /** Whether a compact RS256 JWS verifies with this public key. */
    static boolean verifies(String jws, PublicKey key) throws GeneralSecurityException {
        int last = jws.lastIndexOf('.');
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key);
        signature.update(jws.substring(0, last).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(jws.substring(last + 1)));
    }

    /** The decoded JSON of a JWS part (0 header, 1 claims). */
    static String part(String jws, int index) {
        return new String(Base64.getUrlDecoder().decode(jws.split("\\.")[index]), StandardCharsets.UTF_8);
    }
}
