package dev.tokenkit.emulators;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * A self-signed X.509 v3 certificate and its EC P-256 key, made with the JDK alone (the JDK has
 * no public API that writes a certificate, so this holds a small DER writer): what the emulators
 * serve HTTPS with, valid for {@code 127.0.0.1} and {@code localhost}. The certificate is its own
 * trust anchor.
 *
 * @param keyPair     the key pair; the private half never leaves the process
 * @param certificate the certificate
 */
record SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    /** ecdsa-with-SHA256, RFC 5758 §3.2. */
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";

    SelfSignedCertificate {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(certificate, "certificate");
    }

    /**
     * A new key pair and a certificate for it, with {@code 127.0.0.1} and {@code localhost} as
     * subject alternative names.
     *
     * @param subject   the subject (and issuer) distinguished name, e.g. {@code CN=tokenkit emulator}
     * @param notBefore the start of validity
     * @param validity  how long it is valid from {@code notBefore}
     * @return the certificate and its key
     * @throws IllegalArgumentException if the subject is not a distinguished name
     */
    static SelfSignedCertificate create(String subject, Instant notBefore, Duration validity) {
        X500Principal name = new X500Principal(subject);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keyPair = generator.generateKeyPair();
            byte[] algorithm = sequence(oid(ECDSA_WITH_SHA256));
            byte[] tbs = sequence(
                    tagged(0xa0, integer(BigInteger.TWO)),
                    integer(new BigInteger(64, RANDOM).setBit(63)),
                    algorithm,
                    name.getEncoded(),
                    sequence(time(notBefore), time(notBefore.plus(validity))),
                    name.getEncoded(),
                    keyPair.getPublic().getEncoded(),
                    tagged(0xa3, sequence(sequence(oid(SUBJECT_ALT_NAME), tagged(0x04, sequence(
                            tagged(0x87, new byte[] {127, 0, 0, 1}),
                            tagged(0x82, "localhost".getBytes(StandardCharsets.US_ASCII))))))));
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(keyPair.getPrivate());
            signature.update(tbs);
            byte[] der = sequence(tbs, algorithm, bitString(signature.sign()));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new SelfSignedCertificate(keyPair, certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make an EC P-256 certificate, which every Java SE 17 can", e);
        }
    }

    /**
     * The private key.
     *
     * @return the private half of the key pair
     */
    PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** The subject and validity; never the key. */
    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal() + ", until " + certificate.getNotAfter()
                + "]";
    }

    // --- DER (X.690), just what a certificate needs ---

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tagged(0x30, content.toByteArray());
    }

    private static byte[] integer(BigInteger value) {
        return tagged(0x02, value.toByteArray());
    }

    private static byte[] bitString(byte[] bits) {
        byte[] content = new byte[bits.length + 1];
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tagged(0x03, content);
    }

    /** GeneralizedTime, which RFC 5280 §4.1.2.5 allows for any date (UTCTime only before 2050). */
    private static byte[] time(Instant instant) {
        return tagged(0x18, GENERALIZED_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                content.write((int) ((arc >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
            }
        }
        return tagged(0x06, content.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
