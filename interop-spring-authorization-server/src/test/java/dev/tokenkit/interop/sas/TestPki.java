package dev.tokenkit.interop.sas;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A private PKI made in-process for one test class (EC P-256 keys, certificates valid two days,
 * made with Bouncy Castle's certificate builder): a CA, certificates it signs for the server
 * ({@code 127.0.0.1}) and for clients, self-signed certificates; each as a PKCS#12 key store
 * and as PEM files (the chain, and a PKCS#8 key readable by its owner only), and the server's
 * trust store.
 */
final class TestPki {
    static final String PASSWORD = "changeit-pki";
    private static final Duration VALIDITY = Duration.ofDays(2);

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final AtomicLong serial = new AtomicLong(1);

    /** One end entity: its key store (alias {@code alias}) and the same key and chain as PEM. */
    record Entity(String alias, Path keyStore, Path certificatePem, Path keyPem, X509Certificate certificate,
                  PrivateKey privateKey) {
    }

    private TestPki(Path dir) {
        this.dir = dir;
        caKeys = generate();
        ca = certificate(new X500Principal("CN=tokenkit test CA"), caKeys, new X500Principal("CN=tokenkit test CA"),
                caKeys.getPrivate(), true, null);
        writeCertificates(dir.resolve("ca.pem"), List.of(ca));
    }

    static TestPki create(Path dir) {
        return new TestPki(dir);
    }

    /** The CA's certificate as PEM: what a client trusts to reach the server. */
    Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** A certificate signed by the CA, for {@code subject}, with an IP address as its subject alternative name if given. */
    Entity issue(String alias, String subject, String ipAddress) {
        KeyPair keys = generate();
        X509Certificate leaf = certificate(new X500Principal(subject), keys, ca.getSubjectX500Principal(),
                caKeys.getPrivate(), false, ipAddress);
        return save(alias, keys.getPrivate(), List.of(leaf, ca));
    }

    /** A self-signed certificate, which no CA vouches for. */
    Entity selfSigned(String alias, String subject) {
        KeyPair keys = generate();
        X500Principal name = new X500Principal(subject);
        return save(alias, keys.getPrivate(), List.of(certificate(name, keys, name, keys.getPrivate(), false, null)));
    }

    /** A PKCS#12 trust store holding the CA and the given certificates as trusted entries. */
    Path trustStore(String name, X509Certificate... trusted) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            for (int i = 0; i < trusted.length; i++) {
                store.setCertificateEntry("trusted-" + i, trusted[i]);
            }
            return write(store, dir.resolve(name + ".p12"));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the trust store " + name, e);
        }
    }

    private X509Certificate certificate(X500Principal subject, KeyPair keys, X500Principal issuer, PrivateKey issuerKey,
                                        boolean authority, String ipAddress) {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(X500Name.getInstance(issuer.getEncoded()),
                BigInteger.valueOf(serial.getAndIncrement()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(VALIDITY)), X500Name.getInstance(subject.getEncoded()), keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (ipAddress != null) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, ipAddress)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the certificate of " + subject, e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK makes no P-256 keys", e);
        }
    }

    private Entity save(String alias, PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            Path keyStore = write(store, dir.resolve(alias + ".p12"));
            Path certificatePem = dir.resolve(alias + "-chain.pem");
            writeCertificates(certificatePem, chain);
            Path keyPem = dir.resolve(alias + "-key.pem");
            Pem.writePrivateKey(keyPem, key);
            return new Entity(alias, keyStore, certificatePem, keyPem, chain.get(0), key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the key store of " + alias, e);
        }
    }

    private static Path write(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    private static void writeCertificates(Path file, List<X509Certificate> chain) {
        StringBuilder text = new StringBuilder();
        try {
            for (X509Certificate certificate : chain) {
                text.append(Pem.block("CERTIFICATE", certificate.getEncoded()));
            }
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PEM text, and private key files readable by their owner only (as ssh wants them). */
    static final class Pem {
        private Pem() {
        }

        static String block(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }

        static void writePrivateKey(Path file, PrivateKey key) throws IOException {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, block("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        }
    }
}
