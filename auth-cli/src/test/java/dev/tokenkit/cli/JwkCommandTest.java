package dev.tokenkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenkit jwk}: the public JWK Set of a key, kid = RFC 7638 thumbprint, never a private part. */
class JwkCommandTest {
    @TempDir
    Path dir;

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }

    @Test
    @DisplayName("a private key gives its public JWK Set: kid is the RFC 7638 thumbprint, no d, and the public key gives the same")
    void privateAndPublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        Path privateFile = Files.writeString(dir.resolve("key.pem"), privatePem);
        Path publicFile = Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));

        Cli.Result fromPrivate = Cli.run("jwk", privateFile.toString());
        Cli.Result fromPublic = Cli.run("jwk", publicFile.toString());

        assertThat(fromPrivate.exitCode()).as("%s", fromPrivate).isZero();
        JsonObject jwk = Json.createReader(new StringReader(fromPrivate.out())).readObject().getJsonArray("keys")
                .getJsonObject(0);
        assertThat(jwk.getString("kty")).isEqualTo("EC");
        assertThat(jwk.getString("crv")).isEqualTo("P-256");
        assertThat(jwk.getString("use")).isEqualTo("sig");
        assertThat(jwk).doesNotContainKey("d");
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.getString("x") + "\",\"y\":\""
                + jwk.getString("y") + "\"}";
        String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(jwk.getString("kid")).isEqualTo(thumbprint);
        assertThat(fromPrivate.all()).doesNotContain(privatePem.split("\n")[1]);
        assertThat(fromPublic.out()).isEqualTo(fromPrivate.out());

        Cli.Result single = Cli.run("jwk", "--jwk", publicFile.toString());
        assertThat(Json.createReader(new StringReader(single.out())).readObject().getString("kid")).isEqualTo(thumbprint);
    }

    @Test
    @DisplayName("a file without a key is a usage error naming it")
    void noKey() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "nothing here");
        Cli.Result r = Cli.run("jwk", file.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("holds no PEM public key, certificate or private key");
    }
}
