package dev.tokenkit.spi;

import dev.tokenkit.ProviderConfig;

/**
 * A provider whose credential lives in a file its configuration only names (a private key in a
 * PEM file or a keystore). The key of its configuration ({@link TokenKey#of(String, ProviderConfig)})
 * would follow the file's path and password, not the credential; such a provider names its token's
 * key itself, from the credential: an identity that is the same on every replica holding the same
 * key wherever the file lies, and secret material (from which a store derives its encryption key)
 * that is the private key itself.
 *
 * <p>{@link dev.tokenkit.TokenProviders#sourceBuilder(String, ProviderConfig)} asks a provider that
 * implements this for its key instead of {@link TokenKey#of(String, ProviderConfig)}.
 */
public interface CredentialKeyed {
    /**
     * The key of the token this provider fetches.
     *
     * @param config the validated configuration the provider was created from
     * @return the key; its identity never holds a secret
     */
    TokenKey tokenKey(ProviderConfig config);
}
