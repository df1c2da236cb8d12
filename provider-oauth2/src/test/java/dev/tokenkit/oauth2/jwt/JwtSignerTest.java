package dev.tokenkit.oauth2.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkit.internal.keys.KeyFiles;
import dev.tokenkit.internal.keys.KeyMaterial;
import dev.tokenkit.oauth2.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signer's algorithms, header and checks, verified with the public key as a server does. */
class JwtSignerTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    @TempDir
    static Path dir;
    private static TestKeys.Pair rsa;
    private static TestKeys.Pair ec256;

    @BeforeAll
    static void keys() throws Exception {
        rsa = TestKeys.generate(dir, "rsa", "-keyalg", "RSA", "-keysize", "2048");
        ec256 = TestKeys.generate(dir, "ec256", "-keyalg", "EC", "-groupname", "secp256r1");
    }

    private static JWTClaimsSet claims() {
        return AssertionClaims.builder("client-1", "https://as.example/token").build().at(NOW);
    }

    @Test
    void rsaKeySignsRs256ByDefaultVerifiedByItsPublicKey() throws Exception {
        JwtSigner signer = JwtSigner.of(rsa.privateKey(), List.of(), JwsOptions.defaults());
        SignedJWT jwt = SignedJWT.parse(signer.sign(claims()));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) rsa.certificate().getPublicKey()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("client-1");
        assertThat(jwt.getHeader().getKeyID()).isNull();
    }

    @Test
    void ps256IsAChoiceForRsa() throws Exception {
        JwtSigner signer = JwtSigner.of(rsa.privateKey(), List.of(), JwsOptions.builder().algorithm("PS256").build());
        SignedJWT jwt = SignedJWT.parse(signer.sign(claims()));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) rsa.certificate().getPublicKey()))).isTrue();
    }

    @Test
    void ecKeysSignByTheirCurve() throws Exception {
        JwtSigner p256 = JwtSigner.of(ec256.privateKey(), List.of(), JwsOptions.defaults());
        SignedJWT jwt = SignedJWT.parse(p256.sign(claims()));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) ec256.certificate().getPublicKey()))).isTrue();

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = generator.generateKeyPair();
        SignedJWT es384 = SignedJWT.parse(JwtSigner.of(p384.getPrivate(), List.of(), JwsOptions.defaults())
                .sign(claims()));
        assertThat(es384.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
        assertThat(es384.verify(new ECDSAVerifier((ECPublicKey) p384.getPublic()))).isTrue();
    }

    @Test
    void ed25519SignsEdDsaVerifiedByTheJdk() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String jwt = JwtSigner.of(ed.getPrivate(), List.of(), JwsOptions.defaults()).sign(claims());
        SignedJWT parsed = SignedJWT.parse(jwt);
        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(ed.getPublic());
        verifier.update(jwt.substring(0, jwt.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(parsed.getSignature().decode())).isTrue();
    }

    @Test
    void hs256SignsWithASecretOfAtLeast32Bytes() throws Exception {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = SignedJWT.parse(JwtSigner.hmac(secret, JwsOptions.defaults()).sign(claims()));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(secret))).isTrue();

        byte[] shortSecret = "0123456789abcdef0123456789abcde".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JwtSigner.hmac(shortSecret, JwsOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("31 bytes").hasMessageContaining("at least 32")
                .hasMessageNotContaining("0123456789");
        assertThatThrownBy(() -> JwtSigner.hmac(secret, JwsOptions.builder().x5t(true).build()))
                .hasMessageContaining("no public key or certificate");
        assertThatThrownBy(() -> JwtSigner.hmac(secret, JwsOptions.builder().algorithm("RS256").build()))
                .hasMessageContaining("does not fit a shared secret");
    }

    @Test
    void anAlgorithmThatDoesNotFitTheKeyIsNamedWithTheOnesThatDo() {
        assertThatThrownBy(() -> JwtSigner.of(ec256.privateKey(), List.of(), JwsOptions.builder().algorithm("RS256")
                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("algorithm RS256 does not fit the key, an EC key on curve P-256: it signs ES256; choose one"
                        + " of them, or a key made for RS256");
        assertThatThrownBy(() -> JwtSigner.of(rsa.privateKey(), List.of(), JwsOptions.builder().algorithm("ES256")
                .build()))
                .hasMessageContaining("RS256, RS384, RS512, PS256, PS384, PS512");
        assertThatThrownBy(() -> JwtSigner.of(rsa.privateKey(), List.of(), JwsOptions.builder().algorithm("none")
                .build()))
                .hasMessageContaining("'none' is not a JWS algorithm tokenkit signs");
    }

    @Test
    void smallRsaKeysAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair small = generator.generateKeyPair();
        assertThatThrownBy(() -> JwtSigner.of(small.getPrivate(), List.of(), JwsOptions.defaults()))
                .hasMessageContaining("RSA 1024-bit key").hasMessageContaining("at least 2048 bits");
    }

    @Test
    void headerNamesTheCertificateAsEntraWantsIt() throws Exception {
        JwtSigner signer = JwtSigner.of(rsa.privateKey(), rsa.chain(), JwsOptions.builder().x5t(true).x5tS256(true)
                .x5c(true).keyId("key-7").build());
        SignedJWT jwt = SignedJWT.parse(signer.sign(claims()));
        byte[] der = rsa.certificate().getEncoded();
        String sha1 = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-1").digest(der));
        String sha256 = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
        Map<String, Object> header = jwt.getHeader().toJSONObject();
        assertThat(header.get("x5t")).isEqualTo(sha1);
        assertThat(header.get("x5t")).as("base64url of the digest, not hex (Entra refuses hex)")
                .isNotEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(der)));
        assertThat(header.get("x5t#S256")).isEqualTo(sha256);
        assertThat(jwt.getHeader().getX509CertChain()).extracting(Base64::toString)
                .containsExactly(java.util.Base64.getEncoder().encodeToString(der));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("key-7");
        assertThat(signer.toString()).contains("alg=RS256", "kid=key-7", "x5t=" + sha1).doesNotContain("x5c");
    }

    @Test
    void thumbprintKidIsRfc7638OfThePublicKey() throws Exception {
        String rsaKid = JwtSigner.of(rsa.privateKey(), List.of(), JwsOptions.builder().thumbprintKeyId().build())
                .keyId().orElseThrow();
        assertThat(rsaKid).isEqualTo(new RSAKey.Builder((RSAPublicKey) rsa.certificate().getPublicKey()).build()
                .computeThumbprint().toString());
        String ecKid = JwtSigner.of(ec256.privateKey(), ec256.chain(), JwsOptions.builder().thumbprintKeyId().build())
                .keyId().orElseThrow();
        assertThat(ecKid).isEqualTo(ECKey.parse(new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (ECPublicKey) ec256.certificate().getPublicKey()).build().toJSONString()).computeThumbprint().toString());
        assertThatThrownBy(() -> JwtSigner.of(ec256.privateKey(), List.of(), JwsOptions.builder().thumbprintKeyId()
                .build()))
                .hasMessageContaining("alone does not hold its public key; give the certificate, or set the kid");
    }

    @Test
    void keyMaterialFromAKeystoreSignsWithItsPublicKeyAndChain() throws Exception {
        KeyMaterial material = KeyFiles.readPkcs12("key-store", ec256.keystore(), TestKeys.PASSWORD.toCharArray(),
                Optional.empty());
        JwtSigner signer = JwtSigner.of(material, JwsOptions.builder().thumbprintKeyId().x5t(true).build());
        SignedJWT jwt = SignedJWT.parse(signer.sign(claims()));
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) material.publicKey()))).isTrue();
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(JwtSigner.of(ec256.privateKey(), ec256.chain(),
                JwsOptions.builder().thumbprintKeyId().build()).keyId().orElseThrow());
        assertThat(jwt.getHeader().toJSONObject()).containsKey("x5t");
    }

    @Test
    void certificateHeadersNeedACertificate() {
        assertThatThrownBy(() -> JwtSigner.of(rsa.privateKey(), List.of(), JwsOptions.builder().x5t(true).build()))
                .hasMessageContaining("carry x5t, which name a certificate, but no certificate was given");
    }

    @Test
    void everyAssertionHasAFreshJtiAndItsLifetime() {
        AssertionClaims claims = AssertionClaims.builder("client-1", "https://as.example/token")
                .lifetime(Duration.ofSeconds(90)).notBefore(true).extra(Map.of("tenant", "t1")).build();
        JWTClaimsSet first = claims.at(NOW);
        JWTClaimsSet second = claims.at(NOW);
        assertThat(first.getJWTID()).isNotEqualTo(second.getJWTID()).hasSize(22);
        assertThat(first.getSubject()).isEqualTo("client-1");
        assertThat(first.getAudience()).containsExactly("https://as.example/token");
        assertThat(first.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(first.getNotBeforeTime().toInstant()).isEqualTo(NOW);
        assertThat(first.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(90));
        assertThat(first.getClaim("tenant")).isEqualTo("t1");
        assertThat(AssertionClaims.builder("c", "a").build().at(NOW).getNotBeforeTime()).isNull();
        assertThatThrownBy(() -> AssertionClaims.builder("c", "a").extra(Map.of("exp", 1, "x", 2)))
                .hasMessageContaining("[exp] are set by tokenkit itself");
    }

    @Test
    void signsAMapOfClaims() throws Exception {
        JwtSigner signer = JwtSigner.of(ec256.privateKey(), List.of(), JwsOptions.defaults());
        SignedJWT jwt = SignedJWT.parse(signer.sign(Map.of("iss", "svc@example", "exp", NOW.getEpochSecond(),
                "scope", "a b")));
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(NOW);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("a b");
    }
}
