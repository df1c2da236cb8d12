package dev.tokenkit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keys and certificates made by the test itself, with {@code openssl} (Debian and every CI image
 * have it) and the JDK's {@code keytool}: a private CA, certificates it issues, the PEM forms a
 * user meets (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1) and PKCS#12 stores. Every tool run has a deadline.
 */
public final class Pki {
    private Pki() {
    }

    /** A key file and its certificate file. */
    public record Issued(Path key, Path cert) {
    }

    /** Runs a command in {@code dir}, at most 60 s; fails the test unless it exits 0. Returns its output. */
    public static String run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs openssl with these arguments in {@code dir}. */
    public static String openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return run(dir, command.toArray(String[]::new));
    }

    /** Runs the JDK's keytool with these arguments in {@code dir}. */
    public static String keytool(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        return run(dir, command.toArray(String[]::new));
    }

    /** A new unencrypted PKCS#8 key: {@code rsa} (2048-bit), {@code ec} (P-256) or {@code ed25519}. */
    public static Path key(Path dir, String name, String kind) {
        Path key = dir.resolve(name + ".key");
        switch (kind) {
            case "rsa" -> openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
            case "ec" -> openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
            case "ed25519" -> openssl(dir, "genpkey", "-algorithm", "ED25519", "-out", key.toString());
            default -> throw new IllegalArgumentException(kind);
        }
        return key;
    }

    /** A self-signed CA certificate (2 days) with a new EC key. */
    public static Issued ca(Path dir, String name) {
        Path key = key(dir, name, "ec");
        Path cert = dir.resolve(name + ".pem");
        openssl(dir, "req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-days", "2",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
                "-out", cert.toString());
        return new Issued(key, cert);
    }

    /** A self-signed leaf certificate (2 days) for an existing key. */
    public static Path selfSigned(Path dir, Path key, String cn) {
        Path cert = dir.resolve(key.getFileName() + "-" + cn + ".pem");
        openssl(dir, "req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + cn, "-days", "2", "-out", cert.toString());
        return cert;
    }

    /**
     * A certificate (2 days) that {@code ca} issues for a new EC key.
     *
     * @param ip the IP address for its subject alternative name, or {@code null} for a client certificate
     */
    public static Issued issue(Path dir, Issued ca, String name, String ip) {
        Path key = key(dir, name, "ec");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        try {
            Files.writeString(ext, ip == null ? "extendedKeyUsage=clientAuth\n"
                    : "subjectAltName=IP:" + ip + "\nextendedKeyUsage=serverAuth\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(dir, "req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(), "-CAkey", ca.key().toString(),
                "-set_serial", String.valueOf(System.nanoTime() & 0xffffffL), "-days", "2", "-extfile", ext.toString(),
                "-out", cert.toString());
        return new Issued(key, cert);
    }

    /** The first certificate of a PEM file. */
    public static java.security.cert.X509Certificate certificate(Path pem) {
        try (java.io.InputStream in = Files.newInputStream(pem)) {
            return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 store with the key and its certificate under {@code alias}, protected by {@code password}. */
    public static Path pkcs12(Path dir, Issued issued, String alias, String password) {
        Path p12 = dir.resolve(alias + ".p12");
        openssl(dir, "pkcs12", "-export", "-inkey", issued.key().toString(), "-in", issued.cert().toString(),
                "-name", alias, "-passout", "pass:" + password, "-out", p12.toString());
        return p12;
    }
}
