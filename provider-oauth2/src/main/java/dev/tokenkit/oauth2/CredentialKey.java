package dev.tokenkit.oauth2;

import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.CERTIFICATE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE_ALIAS;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE_PASSWORD;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.PRIVATE_KEY;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.PRIVATE_KEY_PASSWORD;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.Secret;
import dev.tokenkit.internal.keys.KeyMaterial;
import dev.tokenkit.spi.TokenKey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The token key of a client whose credential is a key pair read from files: the identity is that
 * of every option except those naming the key's files, keystore, alias and passwords, plus the
 * public key's fingerprint, so replicas holding the same key share a token wherever the files lie,
 * and a new key is a new identity.
 *
 * <p>A client that signs with its private key ({@code private_key_jwt}) has the private key
 * itself (PKCS#8) in the secret material, so a store encrypts with a key derived from it. A client
 * that authenticates with its TLS certificate ({@code tls_client_auth}) has only the certificate:
 * the transport holds the private key, out of the provider's reach, so the secret material is the
 * other secret options alone.
 */
final class CredentialKey {
    /** Options that only locate or unlock the signing key: the key's fingerprint stands for them. */
    private static final Set<String> SIGNING_KEY_LOCATORS = Set.of(PRIVATE_KEY, PRIVATE_KEY_PASSWORD, CERTIFICATE,
            KEY_STORE, KEY_STORE_PASSWORD, KEY_STORE_ALIAS);
    /** Options that only locate or unlock the TLS client key: the certificate's key fingerprint stands for them. */
    private static final Set<String> TLS_KEY_LOCATORS = Set.of(ProviderDescriptor.TLS_CLIENT_CERTIFICATE.name(),
            ProviderDescriptor.TLS_CLIENT_KEY.name(), ProviderDescriptor.TLS_CLIENT_KEY_PASSWORD.name(),
            ProviderDescriptor.TLS_CLIENT_KEYSTORE.name(), ProviderDescriptor.TLS_CLIENT_KEYSTORE_PASSWORD.name(),
            ProviderDescriptor.TLS_CLIENT_KEYSTORE_ALIAS.name());

    private CredentialKey() {
    }

    /** The key of a client signing with this private key. */
    static TokenKey of(String providerId, ProviderConfig config, KeyMaterial key) {
        return of(providerId, config, SIGNING_KEY_LOCATORS, "private key", key.fingerprint(),
                "private-key=" + Base64.getEncoder().encodeToString(key.privateKey().getEncoded()) + "\n");
    }

    /** The key of a client authenticating with this TLS client certificate. */
    static TokenKey of(String providerId, ProviderConfig config, X509Certificate certificate) {
        byte[] digest = sha256().digest(certificate.getPublicKey().getEncoded());
        return of(providerId, config, TLS_KEY_LOCATORS, "tls client key",
                Base64.getUrlEncoder().withoutPadding().encodeToString(digest), "");
    }

    private static TokenKey of(String providerId, ProviderConfig config, Set<String> locators, String kind,
                               String fingerprint, String keyMaterial) {
        ProviderConfig.Builder rest = ProviderConfig.builder();
        for (String name : config.names()) {
            if (locators.contains(name)) {
                continue;
            }
            if (config.isSecret(name)) {
                rest.putSecret(name, config.secret(name));
            } else {
                rest.put(name, config.string(name));
            }
        }
        TokenKey options = TokenKey.of(providerId, rest.build());
        MessageDigest digest = sha256();
        digest.update(("tokenkit-key-v1 " + kind + "\n" + options.identity() + "\n" + fingerprint)
                .getBytes(StandardCharsets.UTF_8));
        String identity = HexFormat.of().formatHex(digest.digest(), 0, 16);
        return TokenKey.of(providerId, identity, Secret.of(options.secretMaterial().reveal() + keyMaterial));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
