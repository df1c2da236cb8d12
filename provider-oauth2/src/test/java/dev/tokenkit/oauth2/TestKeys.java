package dev.tokenkit.oauth2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keys and self-signed certificates made by the JDK's own keytool for the tests (nothing is
 * checked in): {@link #generate(Path, String, String...)} runs it once per key.
 */
public final class TestKeys {
    /** The keystore password of every generated store. */
    public static final String PASSWORD = "test-store-password";

    /** A private key and its certificate chain, leaf first. */
    public record Pair(PrivateKey privateKey, List<X509Certificate> chain, Path keystore) {
        /** The leaf certificate. */
        public X509Certificate certificate() {
            return chain.get(0);
        }
    }

    private TestKeys() {
    }

    /**
     * A key pair and a self-signed certificate in a new PKCS#12 keystore (alias {@code key}).
     *
     * @param directory where the keystore goes
     * @param name      its file name without extension
     * @param keyArgs   keytool's key options, e.g. {@code -keyalg RSA -keysize 2048}; valid from now
     *                  for 2 days unless they give {@code -startdate} and {@code -validity}
     * @return the key, its chain and the keystore
     */
    public static Pair generate(Path directory, String name, String... keyArgs) throws IOException, InterruptedException,
            GeneralSecurityException {
        Path store = directory.resolve(name + ".p12");
        List<String> command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", "key", "-dname",
                "CN=" + name + ",O=tokenkit tests", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        command.addAll(List.of(keyArgs));
        if (!command.contains("-validity")) {
            command.addAll(List.of("-validity", "2"));
        }
        run(command);
        return load(store);
    }

    /** The key entry {@code key} of a generated keystore, with its chain. */
    private static Pair load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) keyStore.getKey("key", PASSWORD.toCharArray());
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : keyStore.getCertificateChain("key")) {
            chain.add((X509Certificate) c);
        }
        return new Pair(key, List.copyOf(chain), store);
    }

    /**
     * Writes the key as an unencrypted PKCS#8 PEM file ({@code PRIVATE KEY}).
     *
     * @param pair the key
     * @param file the file to write
     * @return the file
     */
    public static Path writeKeyPem(Pair pair, Path file) throws IOException {
        Files.writeString(file, keyPem(pair));
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    /**
     * Writes the certificate chain as a PEM file.
     *
     * @param pair the key whose chain to write
     * @param file the file to write
     * @return the file
     */
    public static Path writeChainPem(Pair pair, Path file) throws IOException, GeneralSecurityException {
        StringBuilder text = new StringBuilder();
        for (X509Certificate c : pair.chain()) {
            text.append(pem("CERTIFICATE", c.getEncoded()));
        }
        return Files.writeString(file, text);
    }

    /**
     * The Base64 body of the key's PKCS#8 encoding, as it stands in a PEM file, for searching texts.
     *
     * @param pair the key
     * @return the Base64 of its encoding
     */
    public static String keyBase64(Pair pair) {
        return java.util.Base64.getEncoder().encodeToString(pair.privateKey().getEncoded());
    }

    /**
     * The key's PKCS#8 encoding as a PEM file holds it, for searching texts.
     *
     * @param pair the key
     * @return the PEM text
     */
    public static String keyPem(Pair pair) {
        return pem("PRIVATE KEY", pair.privateKey().getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /**
     * A certificate that {@code ca} issues for a new EC P-256 key, in a new PKCS#12 keystore
     * (alias {@code key}, chain leaf first, then the CA), valid for 2 days.
     *
     * @param directory where the keystore goes
     * @param ca        the issuing CA, made by {@link #generate} with {@code -ext bc:c}
     * @param name      the keystore's file name without extension, and the subject's CN
     * @param extension keytool's {@code -ext} value for the certificate, e.g. {@code san=ip:127.0.0.1}
     * @return the key, its chain and the keystore
     */
    public static Pair issue(Path directory, Pair ca, String name, String extension) throws IOException,
            InterruptedException, GeneralSecurityException {
        Pair pair = generate(directory, name, "-keyalg", "EC", "-groupname", "secp256r1");
        Path request = directory.resolve(name + ".csr");
        Path issued = directory.resolve(name + ".cer");
        Path caCertificate = writeChainPem(ca, directory.resolve(name + "-ca.pem"));
        String store = pair.keystore().toString();
        run(List.of(keytool(), "-certreq", "-alias", "key", "-keystore", store, "-storepass", PASSWORD,
                "-file", request.toString()));
        run(List.of(keytool(), "-gencert", "-alias", "key", "-keystore", ca.keystore().toString(), "-storepass",
                PASSWORD, "-infile", request.toString(), "-outfile", issued.toString(), "-rfc", "-validity", "2",
                "-ext", extension));
        run(List.of(keytool(), "-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate.toString(),
                "-keystore", store, "-storepass", PASSWORD));
        run(List.of(keytool(), "-importcert", "-alias", "key", "-file", issued.toString(), "-keystore", store,
                "-storepass", PASSWORD));
        return load(pair.keystore());
    }

    /** Runs keytool, at most 60 s; fails unless it exits 0. */
    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }
}
