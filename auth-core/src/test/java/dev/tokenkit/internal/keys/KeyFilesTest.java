package dev.tokenkit.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.testsupport.Pki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files in every PEM form a user meets, PKCS#12 and trust stores, made by openssl and keytool. */
class KeyFilesTest {
    private static final String OPTION = "tls-client-key";
    @TempDir
    static Path dir;
    static Path rsa;
    static Path rsaCert;
    static Path ec;
    static Path ecCert;

    @BeforeAll
    static void keys() {
        rsa = Pki.key(dir, "rsa", "rsa");
        rsaCert = Pki.selfSigned(dir, rsa, "rsa-client");
        ec = Pki.key(dir, "ec", "ec");
        ecCert = Pki.selfSigned(dir, ec, "ec-client");
    }

    private static String fingerprintOf(X509Certificate c) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded()));
    }

    private static void assertSigns(KeyMaterial m, String algorithm) throws Exception {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(m.privateKey());
        s.update(new byte[] {1, 2, 3});
        byte[] signature = s.sign();
        Signature v = Signature.getInstance(algorithm);
        v.initVerify(m.publicKey());
        v.update(new byte[] {1, 2, 3});
        assertThat(v.verify(signature)).isTrue();
    }

    @Test
    @DisplayName("PKCS#8 RSA with its certificate: key and chain, described without key bytes")
    void pkcs8Rsa() throws Exception {
        KeyMaterial m = KeyFiles.readPem(OPTION, rsa, Optional.empty(), Optional.of(rsaCert));
        assertThat(m.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(m.chain()).hasSize(1);
        assertThat(m.certificate()).isPresent();
        assertThat(m.fingerprint()).isEqualTo(fingerprintOf(m.certificate().get()));
        assertThat(m.describe()).startsWith("RSA 2048-bit key ").contains("CN=rsa-client", "valid until");
        assertThat(m.toString()).isEqualTo(m.describe());
        assertNoKeyBytes(m.describe(), rsa);
        assertSigns(m, "SHA256withRSA");
    }

    @Test
    @DisplayName("PKCS#1 RSA and SEC1 EC are wrapped into PKCS#8: the same key as their PKCS#8 form")
    void traditionalForms() throws Exception {
        Path pkcs1 = dir.resolve("rsa1.pem");
        Pki.openssl(dir, "rsa", "-in", rsa.toString(), "-traditional", "-out", pkcs1.toString());
        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Path sec1 = dir.resolve("sec1.pem");
        Pki.openssl(dir, "ec", "-in", ec.toString(), "-out", sec1.toString());
        assertThat(Files.readString(sec1)).contains("-----BEGIN EC PRIVATE KEY-----");

        KeyMaterial fromPkcs1 = KeyFiles.readPem(OPTION, pkcs1, Optional.empty(), Optional.of(rsaCert));
        KeyMaterial fromSec1 = KeyFiles.readPem(OPTION, sec1, Optional.empty(), Optional.of(ecCert));

        assertThat(fromPkcs1.privateKey()).isEqualTo(KeyFiles.readPem(OPTION, rsa, Optional.empty(), Optional.empty()).privateKey());
        assertThat(((ECPrivateKey) fromSec1.privateKey()).getS())
                .isEqualTo(((ECPrivateKey) KeyFiles.readPem(OPTION, ec, Optional.empty(), Optional.empty()).privateKey()).getS());
        assertThat(fromSec1.describe()).startsWith("EC secp256r1 key");
        assertSigns(fromSec1, "SHA256withECDSA");
    }

    @Test
    @DisplayName("without a certificate the fingerprint is still the public key's: RSA, EC with and without its point, Ed25519")
    void fingerprintWithoutCertificate() throws Exception {
        assertThat(KeyFiles.readPem(OPTION, rsa, Optional.empty(), Optional.empty()).fingerprint())
                .isEqualTo(fingerprintOf(KeyFiles.readPem(OPTION, rsa, Optional.empty(), Optional.of(rsaCert)).certificate().get()));
        assertThat(KeyFiles.readPem(OPTION, ec, Optional.empty(), Optional.empty()).fingerprint())
                .isEqualTo(fingerprintOf(KeyFiles.readPem(OPTION, ec, Optional.empty(), Optional.of(ecCert)).certificate().get()));

        // the JDK writes an EC key's PKCS#8 without its public point: it is computed from the private scalar
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            KeyPair pair = g.generateKeyPair();
            KeyMaterial m = KeyFiles.readPem(OPTION, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), Optional.empty());
            assertThat(m.publicKey().getEncoded()).as(curve).isEqualTo(pair.getPublic().getEncoded());
        }

        Path ed = Pki.key(dir, "ed", "ed25519");
        Path edPublic = dir.resolve("ed.pub.der");
        Pki.openssl(dir, "pkey", "-in", ed.toString(), "-pubout", "-outform", "DER", "-out", edPublic.toString());
        KeyMaterial m = KeyFiles.readPem(OPTION, ed, Optional.empty(), Optional.empty());
        assertThat(m.publicKey().getEncoded()).isEqualTo(Files.readAllBytes(edPublic));
        assertThat(m.describe()).startsWith("Ed25519 key");
        assertSigns(m, "Ed25519");
    }

    @Test
    @DisplayName("encrypted PKCS#8 (PBES2): the right password reads it, a wrong one is named as such, none asks for it")
    void encrypted() {
        Path encrypted = dir.resolve("enc.pem");
        Pki.openssl(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", rsa.toString(), "-passout", "pass:s3cret",
                "-out", encrypted.toString());

        KeyMaterial m = KeyFiles.readPem(OPTION, encrypted, Optional.of("s3cret".toCharArray()), Optional.of(rsaCert));
        assertThat(m.certificate()).isPresent();

        Throwable wrong = catchThrowable(() -> KeyFiles.readPem(OPTION, encrypted, Optional.of("nope".toCharArray()),
                Optional.empty()));
        assertThat(wrong).isInstanceOf(ProviderConfigurationException.class)
                .hasMessageStartingWith("option 'tls-client-key': wrong password for tls-client-key")
                .hasNoCause();
        assertThatThrownBy(() -> KeyFiles.readPem(OPTION, encrypted, Optional.empty(), Optional.empty()))
                .hasMessageContaining("is encrypted; give its password");
        assertNoKeyBytes(wrong.getMessage(), encrypted);
    }

    @Test
    @DisplayName("openssl's legacy encrypted PEM is named, with the command that converts it")
    void legacyEncrypted() {
        Path legacy = dir.resolve("legacy.pem");
        Pki.openssl(dir, "rsa", "-in", rsa.toString(), "-traditional", "-aes256", "-passout", "pass:x", "-out",
                legacy.toString());
        assertThatThrownBy(() -> KeyFiles.readPem(OPTION, legacy, Optional.of("x".toCharArray()), Optional.empty()))
                .hasMessageContaining("legacy format").hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    @DisplayName("a certificate of another key is refused, naming both")
    void mismatch() {
        Throwable e = catchThrowable(() -> KeyFiles.readPem(OPTION, rsa, Optional.empty(), Optional.of(ecCert)));
        assertThat(e).isInstanceOf(ProviderConfigurationException.class)
                .hasMessageContaining("the certificate CN=ec-client (EC secp256r1) is not the certificate of this RSA 2048-bit key");
    }

    @Test
    @DisplayName("validity is checked on the clock passed in: expired and not yet valid")
    void validity() {
        KeyMaterial m = KeyFiles.readPem(OPTION, ec, Optional.empty(), Optional.of(ecCert));
        X509Certificate c = m.certificate().orElseThrow();
        KeyChecks.requireValid(OPTION, m.chain(), c.getNotBefore().toInstant().plusSeconds(1));
        assertThatThrownBy(() -> KeyChecks.requireValid(OPTION, m.chain(), c.getNotAfter().toInstant().plus(Duration.ofDays(1))))
                .hasMessageContaining("the certificate CN=ec-client expired at").hasMessageContaining("renew it");
        assertThatThrownBy(() -> KeyChecks.requireValid(OPTION, m.chain(), c.getNotBefore().toInstant().minusSeconds(60)))
                .hasMessageContaining("is not valid before").hasMessageContaining("clock");
    }

    @Test
    @DisplayName("a key file readable by group or others is warned about, as ssh does; an owner-only one is not")
    void permissions() throws Exception {
        Path key = Files.copy(rsa, dir.resolve("perm.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(KeyChecks.permissionWarning(OPTION, key)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("accessible by group or others (rw-r--r--)", "chmod 600 " + key, "'tls-client-key'");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertThat(KeyChecks.permissionWarning(OPTION, key)).isEmpty();
    }

    @Test
    @DisplayName("an unreadable, missing or wrong file names the path, the option and the fix")
    void files() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> KeyFiles.readPem(OPTION, missing, Optional.empty(), Optional.empty()))
                .hasMessage("option 'tls-client-key': the file " + missing + " does not exist; check the path");
        assertThatThrownBy(() -> KeyFiles.readPem(OPTION, dir, Optional.empty(), Optional.empty()))
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> KeyFiles.readPem(OPTION, ecCert, Optional.empty(), Optional.empty()))
                .hasMessageContaining("holds no private key (PEM blocks found: CERTIFICATE)");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> KeyFiles.readPem(OPTION, notPem, Optional.empty(), Optional.empty()))
                .hasMessageContaining("is not PEM");
        assertThatThrownBy(() -> KeyFiles.readCertificates("tls-client-certificate", rsa))
                .hasMessageContaining("option 'tls-client-certificate'").hasMessageContaining("no -----BEGIN CERTIFICATE-----");
        if (!"root".equals(System.getProperty("user.name"))) {
            Path locked = Files.copy(rsa, dir.resolve("locked.key"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
            assertThatThrownBy(() -> KeyFiles.readPem(OPTION, locked, Optional.empty(), Optional.empty()))
                    .hasMessageContaining("is not readable by this process (permission denied)");
        }
    }

    @Test
    @DisplayName("PKCS#12: one key without an alias, a named alias, a wrong password, an unknown alias")
    void pkcs12() throws Exception {
        Path p12 = Pki.pkcs12(dir, new Pki.Issued(ec, ecCert), "client", "storepw");

        KeyMaterial m = KeyFiles.readPkcs12("tls-client-keystore", p12, "storepw".toCharArray(), Optional.empty());
        assertThat(m.certificate().orElseThrow().getSubjectX500Principal().getName()).isEqualTo("CN=ec-client");
        assertThat(m.fingerprint()).isEqualTo(KeyFiles.readPem(OPTION, ec, Optional.empty(), Optional.empty()).fingerprint());
        assertThat(KeyFiles.readPkcs12("tls-client-keystore", p12, "storepw".toCharArray(), Optional.of("client")).fingerprint())
                .isEqualTo(m.fingerprint());

        assertThatThrownBy(() -> KeyFiles.readPkcs12("tls-client-keystore", p12, "wrong".toCharArray(), Optional.empty()))
                .hasMessageContaining("wrong password for tls-client-keystore");
        assertThatThrownBy(() -> KeyFiles.readPkcs12("tls-client-keystore", p12, "storepw".toCharArray(), Optional.of("other")))
                .hasMessageContaining("has no private key entry 'other' (its private key entries: client)");
        assertThatThrownBy(() -> KeyFiles.readPkcs12("tls-client-keystore", rsa, "storepw".toCharArray(), Optional.empty()))
                .hasMessageContaining("is not a PKCS#12 or JKS keystore");
    }

    @Test
    @DisplayName("trust: a PEM bundle, a PKCS#12 trust store and a JKS one, recognised by content")
    void trustStores() throws Exception {
        Pki.Issued ca = Pki.ca(dir, "trust-ca");
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, Files.readString(ca.cert()) + Files.readString(ecCert));
        KeyStore fromPem = KeyFiles.readTrustStore("tls-trust", bundle, Optional.empty());
        assertThat(Collections.list(fromPem.aliases())).hasSize(2);

        Path p12 = dir.resolve("trust.p12");
        Pki.keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", ca.cert().toString(), "-storetype",
                "PKCS12", "-keystore", p12.toString(), "-storepass", "trustpw");
        assertThat(KeyFiles.readTrustStore("tls-trust", p12, Optional.of("trustpw".toCharArray())).isCertificateEntry("ca")).isTrue();
        assertThatThrownBy(() -> KeyFiles.readTrustStore("tls-trust", p12, Optional.of("wrong".toCharArray())))
                .hasMessageContaining("wrong password for tls-trust");

        Path jks = dir.resolve("trust.jks");
        Pki.keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", ca.cert().toString(), "-storetype",
                "JKS", "-keystore", jks.toString(), "-storepass", "trustpw");
        assertThat(KeyFiles.readTrustStore("tls-trust", jks, Optional.of("trustpw".toCharArray())).isCertificateEntry("ca")).isTrue();
    }

    @Test
    @DisplayName("a key held as text (a JSON key file's private_key) reads like a file")
    void pemText() throws Exception {
        KeyMaterial m = KeyFiles.readPem("private-key", Files.readString(ec), Optional.empty());
        assertThat(m.chain()).isEmpty();
        assertThat(m.describe()).endsWith("no certificate");
        assertThatThrownBy(() -> KeyFiles.readPem("private-key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                Optional.empty())).hasMessageStartingWith("option 'private-key': the PRIVATE KEY in its value is damaged");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** No line of the key file's Base64 (nor a long piece of it) appears in the text. */
    private static void assertNoKeyBytes(String text, Path keyFile) {
        try {
            for (String line : Files.readAllLines(keyFile, StandardCharsets.US_ASCII)) {
                if (!line.startsWith("-----") && line.length() >= 16) {
                    assertThat(text).doesNotContain(line.substring(0, 16));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
