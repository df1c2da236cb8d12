package dev.tokenkit.emulators;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A Google service-account key file (the JSON a Google Cloud console hands out: {@code type},
 * {@code client_email}, {@code private_key_id}, {@code private_key} as PKCS#8 PEM,
 * {@code token_uri}) as the Google emulator reads it (only the public half of the key: what the
 * real server holds) and writes one for a demo.
 *
 * @param clientEmail  the service account's email, the assertion's {@code iss}
 * @param privateKeyId the key's id, the assertion header's {@code kid}
 * @param publicKey    the public half of the RSA key
 */
record ServiceAccountKeyFile(String clientEmail, String privateKeyId, PublicKey publicKey) {

    ServiceAccountKeyFile {
        Objects.requireNonNull(clientEmail, "clientEmail");
        Objects.requireNonNull(privateKeyId, "privateKeyId");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * Reads a key file: the email, the key id and the public half of the private key.
     *
     * @throws IllegalArgumentException naming the file and what is wrong, never key material
     */
    static ServiceAccountKeyFile read(Path file) {
        JsonObject json = EmulatorSupport.parseObject(PublicKeyFiles.read(file).getBytes(StandardCharsets.UTF_8))
                .orElseThrow(() -> PublicKeyFiles.problem(file, "is not a JSON object (a Google service-account key)"));
        String email = field(file, json, "client_email");
        String keyId = field(file, json, "private_key_id");
        List<PublicKeyFiles.Pem> blocks = PublicKeyFiles.pem(file, field(file, json, "private_key"));
        if (blocks.size() != 1 || !blocks.get(0).label().equals("PRIVATE KEY")) {
            throw PublicKeyFiles.problem(file, "has a private_key that is not one PKCS#8 PEM block (BEGIN PRIVATE KEY)");
        }
        try {
            var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0).der()));
            if (!(key instanceof RSAPrivateCrtKey rsa)) {
                throw PublicKeyFiles.problem(file, "has a private_key without its public exponent");
            }
            PublicKey publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            return new ServiceAccountKeyFile(email, keyId, publicKey);
        } catch (GeneralSecurityException e) {
            throw PublicKeyFiles.problem(file, "has a private_key that is not an RSA key");
        }
    }

    /**
     * Writes a new key file for a demo: a fresh RSA 2048 key, owner-only where the file system
     * has POSIX permissions.
     *
     * @param file        where to write it
     * @param clientEmail the account's email
     * @param tokenUri    the {@code token_uri} it names
     * @return what the emulator registers: the email, the key id and the public key
     */
    static ServiceAccountKeyFile writeDemo(Path file, String clientEmail, String tokenUri) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String keyId = HexFormat.of().formatHex(EmulatorSupport.randomBytes(20));
            String pem = EmulatorSupport.privateKeyPem(pair.getPrivate());
            String json = EmulatorSupport.object().add("type", "service_account").add("project_id", "tokenkit-demo")
                    .add("private_key_id", keyId).add("private_key", pem).add("client_email", clientEmail)
                    .add("client_id", "100000000000000000001").add("token_uri", tokenUri).build().toString();
            EmulatorSupport.writeOwnerOnly(file, json);
            return new ServiceAccountKeyFile(clientEmail, keyId, pair.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo key file " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make an RSA 2048 key, which every Java SE can", e);
        }
    }

    private static String field(Path file, JsonObject json, String name) {
        return EmulatorSupport.string(json, name)
                .orElseThrow(() -> PublicKeyFiles.problem(file, "has no string '" + name + "'; is it a Google"
                        + " service-account key (type service_account)?"));
    }

    /** The email and key id; never key material. */
    @Override
    public String toString() {
        return "ServiceAccountKeyFile[" + clientEmail + ", kid " + privateKeyId + "]";
    }
}
