package dev.tokenkit.oauth2;

import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.CERTIFICATE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE_ALIAS;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.KEY_STORE_PASSWORD;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.PRIVATE_KEY;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.PRIVATE_KEY_PASSWORD;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.Secret;
import dev.tokenkit.internal.keys.KeyMaterial;
import dev.tokenkit.spi.TokenKey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The token key of a client that signs with a private key read from a file: the identity is that
 * of every option except those naming the key's file, keystore, alias and passwords, plus the
 * public key's fingerprint, so replicas holding the same key share a token wherever the file lies,
 * and a new key is a new identity; the secret material is the other secret options and the
 * private key itself (PKCS#8), so a store encrypts with a key derived from the private key.
 */
final class CredentialKey {
    /** Options that only locate or unlock the key: the key's fingerprint stands for them. */
    private static final Set<String> LOCATORS = Set.of(PRIVATE_KEY, PRIVATE_KEY_PASSWORD, CERTIFICATE, KEY_STORE,
            KEY_STORE_PASSWORD, KEY_STORE_ALIAS);

    private CredentialKey() {
    }

    static TokenKey of(String providerId, ProviderConfig config, KeyMaterial key) {
        ProviderConfig.Builder rest = ProviderConfig.builder();
        for (String name : config.names()) {
            if (LOCATORS.contains(name)) {
                continue;
            }
            if (config.isSecret(name)) {
                rest.putSecret(name, config.secret(name));
            } else {
                rest.put(name, config.string(name));
            }
        }
        TokenKey options = TokenKey.of(providerId, rest.build());
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        digest.update(("tokenkit-key-v1 private key\n" + options.identity() + "\n" + key.fingerprint())
                .getBytes(StandardCharsets.UTF_8));
        String identity = HexFormat.of().formatHex(digest.digest(), 0, 16);
        Secret material = Secret.of(options.secretMaterial().reveal() + "private-key="
                + Base64.getEncoder().encodeToString(key.privateKey().getEncoded()) + "\n");
        return TokenKey.of(providerId, identity, material);
    }
}
