package dev.tokenkit.spi;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.Secret;
import dev.tokenkit.internal.util.Fingerprints;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Names one token in a {@link TokenStore}: the provider id and an identity of
 * the configuration that obtains the token, so that every source (in this process or in a fleet
 * of replicas) configured alike shares one token, and sources configured differently never do.
 *
 * <p>{@link #identity()} is safe to show and to use as (part of) a storage key: it is a digest,
 * never a configuration value. {@link #secretMaterial()} holds the configuration's secret values
 * for stores that encrypt what they keep; it never appears in {@link #toString()}.
 */
public final class TokenKey {
    private final String providerId;
    private final String identity;
    private final Secret secretMaterial;

    private TokenKey(String providerId, String identity, Secret secretMaterial) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.secretMaterial = Objects.requireNonNull(secretMaterial, "secretMaterial");
        if (identity.isBlank() || !identity.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("a token key's identity must be printable ASCII without spaces");
        }
    }

    /**
     * The key of a provider's configuration: its identity is a SHA-256 digest of every option,
     * secret or not (so that two tenants that differ only in their secret do not share a token),
     * and its secret material is the secret options' values. A secret given as a supplier
     * ({@link ProviderConfig#isSupplied(String)}) counts by its name only, and not in the secret
     * material: its value may change at every use (a rotating assertion), and the key must not.
     *
     * @param providerId the provider id
     * @param config     the configuration, preferably {@linkplain ProviderConfig#validate validated}
     *                   so that defaults count and secrets are marked
     * @return the key
     */
    public static TokenKey of(String providerId, ProviderConfig config) {
        Objects.requireNonNull(config, "config");
        MessageDigest digest = Fingerprints.sha256();
        StringBuilder secrets = new StringBuilder();
        digest.update(("tokenkit-key-v1\n" + providerId + "\n").getBytes(StandardCharsets.UTF_8));
        for (String name : new TreeSet<>(config.names())) {
            if (config.isSupplied(name)) {
                digest.update((name + "=supplied\n").getBytes(StandardCharsets.UTF_8));
                continue;
            }
            String value = config.isSecret(name) ? config.secret(name).reveal() : config.string(name);
            if (config.isSecret(name)) {
                secrets.append(name).append('=').append(value).append('\n');
            }
            digest.update((name + "=" + value.length() + ":" + value + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new TokenKey(providerId, HexFormat.of().formatHex(digest.digest(), 0, 16), Secret.of(secrets.toString()));
    }

    /**
     * A key with an identity of the caller's choosing.
     *
     * @param providerId     the provider id
     * @param identity       printable ASCII without spaces; never a secret, since stores show it
     * @param secretMaterial what an encrypting store derives its key from; {@code Secret.of("")}
     *                       when there is none
     * @return the key
     */
    public static TokenKey of(String providerId, String identity, Secret secretMaterial) {
        return new TokenKey(providerId, identity, secretMaterial);
    }

    /**
     * The provider id.
     *
     * @return the id
     */
    public String providerId() {
        return providerId;
    }

    /**
     * The identity of the configuration: safe to log and to use in a storage key.
     *
     * @return the identity
     */
    public String identity() {
        return identity;
    }

    /**
     * The configuration's secret values, for stores that encrypt what they keep.
     *
     * @return the secret material, empty when the configuration has no secret
     */
    public Secret secretMaterial() {
        return secretMaterial;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenKey k && k.providerId.equals(providerId) && k.identity.equals(identity)
                && k.secretMaterial.equals(secretMaterial);
    }

    @Override
    public int hashCode() {
        return providerId.hashCode() * 31 + identity.hashCode();
    }

    @Override
    public String toString() {
        return "TokenKey[" + providerId + "/" + identity + "]";
    }
}
