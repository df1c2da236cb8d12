package dev.tokenkit.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.internal.keys.KeyFiles;
import dev.tokenkit.internal.keys.KeyMaterial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.text.ParseException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tokenkit jwk <file>}: the public JWK Set a user registers at an authorization server for
 * {@code private_key_jwt} (or gives {@code tokenkit emulate oauth2 --client-keys}), from a PEM
 * public key, certificate or private key; never a private part.
 */
@Command(name = "jwk", mixinStandardHelpOptions = true,
        description = {"Prints the public JWK Set (RFC 7517) of a key, to register at an authorization server for"
                + " private_key_jwt: its kid is the RFC 7638 thumbprint; given a certificate (alone, or after the key"
                + " in the file) it also carries x5c, x5t and x5t#S256. Never prints a private part.",
                "FILE is PEM: a PUBLIC KEY, CERTIFICATE(s) (leaf first), or a private key (PKCS#8, PKCS#1 RSA, SEC1"
                        + " EC), optionally followed by its certificates."})
final class JwkCommand implements Callable<Integer> {

    @ParentCommand
    private TokenkitCli cli;

    @Parameters(paramLabel = "<file>", description = "The PEM file of the public key, certificate or private key.")
    private Path file;

    @Option(names = "--jwk", description = "Prints the JWK alone instead of a JWK Set.")
    private boolean single;

    @Override
    public Integer call() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new ProviderConfigurationException(null, "jwk: cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "); check the path and its permissions");
        }
        List<X509Certificate> chain;
        PublicKey key;
        if (text.contains("PRIVATE KEY-----")) {
            KeyMaterial material = KeyFiles.readPem("jwk " + file, file, Optional.empty(), Optional.empty());
            key = material.publicKey();
            chain = material.chain();
        } else if (text.contains("-----BEGIN CERTIFICATE-----")) {
            chain = KeyFiles.readCertificates("jwk " + file, file);
            key = chain.get(0).getPublicKey();
        } else {
            chain = List.of();
            key = publicKey(text);
        }
        JWK jwk = jwk(key, chain);
        cli.out().println(single ? jwk.toJSONString() : new JWKSet(jwk).toString(true));
        return ExitCodes.OK;
    }

    private PublicKey publicKey(String text) {
        int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = text.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new ProviderConfigurationException(null, "jwk: " + file + " holds no PEM public key, certificate or"
                    + " private key");
        }
        byte[] der;
        try {
            der = java.util.Base64.getMimeDecoder().decode(text.substring(begin + 26, end));
        } catch (IllegalArgumentException e) {
            throw new ProviderConfigurationException(null, "jwk: the PUBLIC KEY in " + file + " is not Base64");
        }
        for (String algorithm : List.of("RSA", "EC", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException notThisOne) {
                // the next algorithm
            }
        }
        throw new ProviderConfigurationException(null, "jwk: the PUBLIC KEY in " + file + " is not an RSA, EC or"
                + " EdDSA key");
    }

    /** The public JWK: kid = RFC 7638 thumbprint, use sig, and the certificate's x5c, x5t, x5t#S256. */
    private JWK jwk(PublicKey key, List<X509Certificate> chain) {
        try {
            JWK bare;
            if (key instanceof RSAPublicKey rsa) {
                bare = new RSAKey.Builder(rsa).build();
            } else if (key instanceof ECPublicKey ec && Curve.forECParameterSpec(ec.getParams()) != null) {
                bare = new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
            } else if (key instanceof EdECPublicKey ed) {
                // RFC 8037: x is the raw key, the tail of the X.509 encoding (RFC 8410)
                byte[] encoded = ed.getEncoded();
                int length = ed.getParams().getName().equals("Ed448") ? 57 : 32;
                bare = new OctetKeyPair.Builder(ed.getParams().getName().equals("Ed448") ? Curve.Ed448 : Curve.Ed25519,
                        Base64URL.encode(Arrays.copyOfRange(encoded, encoded.length - length, encoded.length))).build();
            } else {
                throw new ProviderConfigurationException(null, "jwk: " + file + " holds a " + key.getAlgorithm()
                        + " key; a JWK here is of an RSA, EC (P-256, P-384, P-521) or Ed25519 key");
            }
            Map<String, Object> json = new LinkedHashMap<>(bare.toJSONObject());
            json.put("kid", bare.computeThumbprint().toString());
            json.put("use", "sig");
            if (!chain.isEmpty()) {
                List<String> x5c = new ArrayList<>();
                for (X509Certificate certificate : chain) {
                    x5c.add(Base64.encode(certificate.getEncoded()).toString());
                }
                byte[] leaf = chain.get(0).getEncoded();
                json.put("x5c", x5c);
                json.put("x5t", Base64URL.encode(MessageDigest.getInstance("SHA-1").digest(leaf)).toString());
                json.put("x5t#S256", Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(leaf)).toString());
            }
            return JWK.parse(json).toPublicJWK();
        } catch (JOSEException | GeneralSecurityException | ParseException e) {
            throw new ProviderConfigurationException(null, "jwk: cannot make the JWK of " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }
}
