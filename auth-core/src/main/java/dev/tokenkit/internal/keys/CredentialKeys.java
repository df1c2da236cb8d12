package dev.tokenkit.internal.keys;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenKey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The token key of a provider that signs with a private key its configuration only locates (a key
 * file, a keystore, the key's JSON): the identity is that of every option except the locating
 * ones, plus the public key's fingerprint, so replicas holding the same key share a token wherever
 * the file lies, and a new key is a new identity; the secret material is the other secret options
 * and the private key itself (PKCS#8), so a store encrypts with a key derived from the private key,
 * never from a path.
 */
public final class CredentialKeys {
    private CredentialKeys() {
    }

    /**
     * The token key of a configuration whose credential is this key.
     *
     * @param providerId the provider id
     * @param config     the validated configuration
     * @param locators   the options that only locate or unlock the key (the key's fingerprint stands for them)
     * @param key        the key those options locate
     * @return the key; its identity holds no secret and no path of a locating option
     */
    public static TokenKey of(String providerId, ProviderConfig config, Set<String> locators, KeyMaterial key) {
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
