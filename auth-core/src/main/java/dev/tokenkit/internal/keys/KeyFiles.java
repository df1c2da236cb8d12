package dev.tokenkit.internal.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads private keys, certificates and trust stores from files with the JDK alone: PEM
 * ({@code PRIVATE KEY} PKCS#8, {@code ENCRYPTED PRIVATE KEY} PKCS#8 with PBES2,
 * {@code RSA PRIVATE KEY} PKCS#1, {@code EC PRIVATE KEY} SEC1; RSA, RSASSA-PSS, EC and EdDSA keys),
 * PKCS#12 and JKS. Every error is a {@link dev.tokenkit.ProviderConfigurationException} naming the
 * option the caller passes, the file and the fix, never key material; a key file that group or
 * others may read is logged as a warning, as ssh does.
 */
public final class KeyFiles {
    /** Key files, certificates and trust stores are small; a larger file is the wrong file. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            "1.2.840.113549.1.1.1", "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.2.840.10045.2.1", "EC",
            "1.3.101.112", "EdDSA",
            "1.3.101.113", "EdDSA");
    /** AlgorithmIdentifier of rsaEncryption with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = Der.encode(Der.SEQUENCE,
            new byte[] {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01},
            new byte[] {0x05, 0x00});
    /** The OID id-ecPublicKey, complete element. */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private KeyFiles() {
    }

    /**
     * Reads a PEM private key, and its certificate chain from a second PEM file or, without one,
     * from the certificates the key file itself holds.
     *
     * @param optionName           the option that names the key file, for messages
     * @param keyFile              the PEM key file
     * @param password             the password of an {@code ENCRYPTED PRIVATE KEY}
     * @param certificateChainFile a PEM file with the certificate chain, leaf first
     * @return the key material, its certificate (if any) checked to match the key
     * @throws dev.tokenkit.ProviderConfigurationException when a file cannot be read or does not hold what it should
     */
    public static KeyMaterial readPem(String optionName, Path keyFile, Optional<char[]> password,
                                      Optional<Path> certificateChainFile) {
        String text = text(optionName, keyFile);
        KeyChecks.warnIfExposed(optionName, keyFile);
        List<X509Certificate> chain = certificateChainFile.isPresent()
                ? readCertificates(optionName, certificateChainFile.get())
                : certificates(optionName, "file " + keyFile, text, false);
        return pem(optionName, "file " + keyFile, text, password, chain);
    }

    /**
     * Reads a PEM private key held as text (e.g. the {@code private_key} of a JSON key file), with
     * the certificates the text itself holds.
     *
     * @param optionName the option that holds the key, for messages
     * @param pemText    the PEM text
     * @param password   the password of an {@code ENCRYPTED PRIVATE KEY}
     * @return the key material
     * @throws dev.tokenkit.ProviderConfigurationException when the text does not hold a readable key
     */
    public static KeyMaterial readPem(String optionName, String pemText, Optional<char[]> password) {
        return pem(optionName, "its value", pemText, password, certificates(optionName, "its value", pemText, false));
    }

    /**
     * Reads a text file that holds a private key in a format of its own (e.g. a JSON key file),
     * warning as {@link #readPem(String, Path, Optional, Optional)} does when group or others may
     * read it.
     *
     * @param optionName the option that names the file, for messages
     * @param file       the file, UTF-8
     * @return its text
     * @throws dev.tokenkit.ProviderConfigurationException when the file is missing, unreadable or too large
     */
    public static String readKeyText(String optionName, Path file) {
        String text = new String(read(optionName, file), StandardCharsets.UTF_8);
        KeyChecks.warnIfExposed(optionName, file);
        return text;
    }

    /**
     * Reads the private key and certificate chain of one entry of a PKCS#12 (or JKS) keystore;
     * the key's password is the store's.
     *
     * @param optionName the option that names the keystore, for messages
     * @param store      the keystore file
     * @param password   the store's password
     * @param alias      the entry; without one, the store must hold exactly one private key
     * @return the key material
     * @throws dev.tokenkit.ProviderConfigurationException for a wrong password, a missing alias or no key
     */
    public static KeyMaterial readPkcs12(String optionName, Path store, char[] password, Optional<String> alias) {
        KeyStore ks = keyStore(optionName, store, password);
        try {
            List<String> keys = new ArrayList<>();
            for (String a : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(a)) {
                    keys.add(a);
                }
            }
            String entry;
            if (alias.isPresent()) {
                entry = alias.get();
                if (!keys.contains(entry)) {
                    throw KeyChecks.problem(optionName, "the keystore " + store + " has no private key entry '" + entry
                            + "' (its private key entries: " + (keys.isEmpty() ? "none" : String.join(", ", keys))
                            + "); give one of them as the alias");
                }
            } else if (keys.size() == 1) {
                entry = keys.get(0);
            } else {
                throw KeyChecks.problem(optionName, "the keystore " + store + (keys.isEmpty() ? " holds no private key;"
                        + " give a keystore with the private key and its certificate"
                        : " holds several private keys (" + String.join(", ", keys) + "); name one with the alias option"));
            }
            Key key;
            try {
                key = ks.getKey(entry, password);
            } catch (UnrecoverableKeyException e) {
                throw KeyChecks.problem(optionName, "wrong password for " + optionName + ": the entry '" + entry + "' of "
                        + store + " has a password other than the keystore's; tokenkit needs them equal (re-export"
                        + " the keystore with one password)");
            }
            if (!(key instanceof PrivateKey privateKey)) {
                throw KeyChecks.problem(optionName, "the entry '" + entry + "' of " + store + " is not a private key");
            }
            List<X509Certificate> chain = new ArrayList<>();
            Certificate[] certificates = ks.getCertificateChain(entry);
            for (Certificate c : certificates == null ? new Certificate[0] : certificates) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
            return material(optionName, "keystore " + store, privateKey, Optional.empty(), chain);
        } catch (GeneralSecurityException e) {
            throw KeyChecks.problem(optionName, "could not read the keystore " + store + " ("
                    + e.getClass().getSimpleName() + "); check that it is a PKCS#12 file");
        }
    }

    /**
     * Reads the certificates of a PEM file, in order.
     *
     * @param optionName the option that names the file, for messages
     * @param pemFile    the PEM file
     * @return at least one certificate
     * @throws dev.tokenkit.ProviderConfigurationException when the file holds no readable certificate
     */
    public static List<X509Certificate> readCertificates(String optionName, Path pemFile) {
        return certificates(optionName, "file " + pemFile, text(optionName, pemFile), true);
    }

    /**
     * Reads trust anchors: a PEM bundle of certificates, or a PKCS#12 or JKS trust store
     * (recognised by content, not by file name).
     *
     * @param optionName the option that names the file, for messages
     * @param file       the bundle or store
     * @param password   the store's password (PEM bundles have none; a PKCS#12 store may need one
     *                   to show its certificates)
     * @return a key store holding the trusted certificates
     * @throws dev.tokenkit.ProviderConfigurationException when the file holds no trusted certificate
     */
    public static KeyStore readTrustStore(String optionName, Path file, Optional<char[]> password) {
        byte[] bytes = read(optionName, file);
        try {
            KeyStore ks;
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            if (Pem.looksLikePem(text)) {
                ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                int i = 0;
                for (X509Certificate c : certificates(optionName, "file " + file, text, true)) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
                return ks;
            }
            ks = keyStore(optionName, file, bytes, password.orElse(null));
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isCertificateEntry(alias)) {
                    return ks;
                }
            }
            throw KeyChecks.problem(optionName, "the trust store " + file + " holds no trusted certificate entry"
                    + (password.isEmpty() ? " (a PKCS#12 store shows its certificates only with its password: set"
                    + " the password option)" : "") + "; import the CA with keytool -importcert");
        } catch (GeneralSecurityException | IOException e) {
            throw KeyChecks.problem(optionName, "could not read the trust store " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static KeyMaterial pem(String option, String where, String text, Optional<char[]> password,
                                   List<X509Certificate> chain) {
        if (!Pem.looksLikePem(text)) {
            throw KeyChecks.problem(option, where + " is not PEM (no -----BEGIN line); give a PEM private key, or a"
                    + " PKCS#12 keystore through the keystore options");
        }
        Pem.Block block = keyBlock(option, where, blocks(option, where, text));
        try {
            byte[] der = block.der();
            Optional<byte[]> ecPoint = Optional.empty();
            switch (block.type()) {
                case "ENCRYPTED PRIVATE KEY":
                    der = decrypt(option, where, der, password);
                    ecPoint = embeddedEcPoint(der);
                    break;
                case "RSA PRIVATE KEY":
                    der = Der.pkcs8(RSA_ALGORITHM, der);
                    break;
                case "EC PRIVATE KEY":
                    ecPoint = sec1PublicPoint(Der.single(der));
                    der = Der.pkcs8(Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY_OID, sec1Curve(option, where, der)), der);
                    break;
                default:
                    ecPoint = embeddedEcPoint(der);
            }
            PrivateKey key = KeyFactory.getInstance(algorithm(option, where, der)).generatePrivate(new PKCS8EncodedKeySpec(der));
            return material(option, where, key, ecPoint, chain);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw KeyChecks.problem(option, "the " + block.type() + " in " + where + " is damaged or of an unsupported"
                    + " kind (" + e.getClass().getSimpleName() + "); give an RSA, EC or Ed25519 key in PKCS#8 PEM,"
                    + " e.g. from openssl pkcs8 -topk8");
        }
    }

    private static List<Pem.Block> blocks(String option, String where, String text) {
        try {
            return Pem.blocks(text);
        } catch (IllegalArgumentException e) {
            throw KeyChecks.problem(option, where + " is not valid PEM: " + e.getMessage());
        }
    }

    private static Pem.Block keyBlock(String option, String where, List<Pem.Block> blocks) {
        List<Pem.Block> keys = new ArrayList<>();
        for (Pem.Block b : blocks) {
            switch (b.type()) {
                case "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> keys.add(b);
                case "OPENSSH PRIVATE KEY" -> throw KeyChecks.problem(option, where + " holds an OpenSSH key, which"
                        + " is not PEM; convert a copy with ssh-keygen -p -m PKCS8 -f <copy>");
                default -> {
                    if (b.type().endsWith("PRIVATE KEY")) {
                        throw KeyChecks.problem(option, where + " holds a " + b.type() + ", which tokenkit does not"
                                + " read; give an RSA, EC or Ed25519 key");
                    }
                }
            }
        }
        if (keys.size() != 1) {
            throw KeyChecks.problem(option, where + (keys.isEmpty() ? " holds no private key (PEM blocks found: "
                    + types(blocks) + "); give the file with the -----BEGIN PRIVATE KEY----- block"
                    : " holds " + keys.size() + " private keys; give a file with one"));
        }
        Pem.Block key = keys.get(0);
        if (key.headers()) {
            throw KeyChecks.problem(option, "the key in " + where + " is encrypted in openssl's legacy format"
                    + " (Proc-Type/DEK-Info), which the JDK cannot read; convert it to encrypted PKCS#8 with"
                    + " openssl pkcs8 -topk8 -v2 aes-256-cbc -in <old> -out <new>");
        }
        return key;
    }

    private static String types(List<Pem.Block> blocks) {
        List<String> types = new ArrayList<>();
        blocks.forEach(b -> types.add(b.type()));
        return types.isEmpty() ? "none" : String.join(", ", types);
    }

    private static byte[] decrypt(String option, String where, byte[] der, Optional<char[]> password) {
        if (password.isEmpty()) {
            throw KeyChecks.problem(option, "the key in " + where + " is encrypted; give its password with the"
                    + " password option");
        }
        EncryptedPrivateKeyInfo info;
        String cipherName;
        try {
            info = new EncryptedPrivateKeyInfo(der);
            cipherName = info.getAlgParameters() == null ? info.getAlgName() : info.getAlgParameters().toString();
        } catch (IOException e) {
            throw KeyChecks.problem(option, "the ENCRYPTED PRIVATE KEY in " + where + " is damaged; export it again");
        }
        Cipher cipher;
        try {
            cipher = Cipher.getInstance(cipherName);
            PBEKeySpec spec = new PBEKeySpec(password.get());
            try {
                cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(cipherName).generateSecret(spec),
                        info.getAlgParameters());
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw KeyChecks.problem(option, "the key in " + where + " is encrypted with " + cipherName + ", which this"
                    + " JDK cannot decrypt; re-encrypt it with openssl pkcs8 -topk8 -v2 aes-256-cbc");
        }
        try {
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException e) {
            // PBES2 decryption with a wrong password ends in bad padding or garbage that is not PKCS#8
            throw KeyChecks.problem(option, "wrong password for " + option + " (the key in " + where
                    + " did not decrypt with it); check the password option");
        }
    }

    private static String algorithm(String option, String where, byte[] pkcs8) {
        List<Der.Element> info = Der.single(pkcs8).children();
        if (info.size() < 3 || info.get(1).tag() != Der.SEQUENCE) {
            throw new IllegalArgumentException("not a PKCS#8 PrivateKeyInfo");
        }
        String oid = Der.oid(info.get(1).children().get(0));
        String algorithm = KEY_ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw KeyChecks.problem(option, "the key in " + where + " has algorithm " + oid + ", which tokenkit does"
                    + " not sign with; give an RSA, EC or Ed25519 key");
        }
        return algorithm;
    }

    /** The named curve of a SEC1 {@code ECPrivateKey}: its {@code [0]} parameters, an OID element. */
    private static byte[] sec1Curve(String option, String where, byte[] sec1) {
        for (Der.Element e : Der.single(sec1).children()) {
            if (e.tag() == 0xa0) {
                Der.Element curve = Der.single(e.content());
                if (curve.tag() == Der.OID) {
                    return curve.encoded();
                }
            }
        }
        throw KeyChecks.problem(option, "the EC PRIVATE KEY in " + where + " does not name its curve; export it with"
                + " a named curve, e.g. openssl pkcs8 -topk8 -nocrypt");
    }

    /** The public point a SEC1 {@code ECPrivateKey} may carry in its {@code [1]} field. */
    private static Optional<byte[]> sec1PublicPoint(Der.Element sec1) {
        for (Der.Element e : sec1.children()) {
            if (e.tag() == 0xa1) {
                Der.Element bits = Der.single(e.content());
                byte[] c = bits.content();
                if (bits.tag() == Der.BIT_STRING && c.length > 1 && c[0] == 0) {
                    return Optional.of(java.util.Arrays.copyOfRange(c, 1, c.length));
                }
            }
        }
        return Optional.empty();
    }

    /** The public point inside a PKCS#8 EC key's SEC1 structure, if it has one. */
    private static Optional<byte[]> embeddedEcPoint(byte[] pkcs8) {
        List<Der.Element> info = Der.single(pkcs8).children();
        if (info.size() < 3 || info.get(2).tag() != Der.OCTET_STRING) {
            return Optional.empty();
        }
        try {
            Der.Element inner = Der.single(info.get(2).content());
            return inner.tag() == Der.SEQUENCE ? sec1PublicPoint(inner) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static KeyMaterial material(String option, String where, PrivateKey key, Optional<byte[]> ecPoint,
                                        List<X509Certificate> chain) throws GeneralSecurityException {
        Optional<PublicKey> derived = PublicKeys.of(key, ecPoint);
        if (!chain.isEmpty()) {
            X509Certificate leaf = chain.get(0);
            if (derived.isPresent()) {
                KeyChecks.requireMatch(option, derived.get(), leaf);
            }
            return new KeyMaterial(key, leaf.getPublicKey(), chain);
        }
        return new KeyMaterial(key, derived.orElseThrow(() -> KeyChecks.problem(option, "the public key of the "
                + key.getAlgorithm() + " key in " + where + " cannot be derived from it; give its certificate, or"
                + " export the key again as PKCS#8 with openssl pkcs8 -topk8")), chain);
    }

    private static List<X509Certificate> certificates(String option, String where, String text, boolean required) {
        List<X509Certificate> out = new ArrayList<>();
        if (Pem.looksLikePem(text)) {
            try {
                CertificateFactory factory = CertificateFactory.getInstance("X.509");
                for (Pem.Block b : blocks(option, where, text)) {
                    if (b.type().equals("CERTIFICATE")) {
                        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                    }
                }
            } catch (CertificateException e) {
                throw KeyChecks.problem(option, "a CERTIFICATE in " + where + " is damaged (" + e.getClass().getSimpleName()
                        + "); export the certificate again as PEM");
            }
        }
        if (required && out.isEmpty()) {
            throw KeyChecks.problem(option, where + " holds no -----BEGIN CERTIFICATE----- block; give the PEM"
                    + " certificate(s)");
        }
        return out;
    }

    private static KeyStore keyStore(String option, Path file, char[] password) {
        return keyStore(option, file, read(option, file), password);
    }

    private static KeyStore keyStore(String option, Path file, byte[] bytes, char[] password) {
        boolean jks = bytes.length >= 4 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xed
                && (bytes[2] & 0xff) == 0xfe && (bytes[3] & 0xff) == 0xed;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            KeyStore ks = KeyStore.getInstance(jks ? "JKS" : "PKCS12");
            ks.load(in, password);
            return ks;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw KeyChecks.problem(option, "wrong password for " + option + " (" + file + "); check the"
                        + " password option");
            }
            throw KeyChecks.problem(option, file + " is not a PKCS#12 or JKS keystore (" + e.getClass().getSimpleName()
                    + "); give a .p12/.pfx file, or PEM files through the PEM options");
        } catch (GeneralSecurityException e) {
            throw KeyChecks.problem(option, "could not read the keystore " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String text(String option, Path file) {
        return new String(read(option, file), StandardCharsets.ISO_8859_1);
    }

    private static byte[] read(String option, Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw KeyChecks.problem(option, file + " is a directory; give the file itself");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw KeyChecks.problem(option, "the file " + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes, too large for a key, certificate or trust store; check the path");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw KeyChecks.problem(option, "the file " + file + " does not exist; check the path");
        } catch (AccessDeniedException e) {
            throw KeyChecks.problem(option, "the file " + file + " is not readable by this process (permission denied);"
                    + " let the user running it read the file");
        } catch (IOException e) {
            throw KeyChecks.problem(option, "could not read the file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
