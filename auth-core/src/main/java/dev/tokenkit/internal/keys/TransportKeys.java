package dev.tokenkit.internal.keys;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The client certificate and key of a source's transport (mutual TLS), read from the transport
 * options: a PEM certificate chain and key, or a PKCS#12 keystore. The transport presents them;
 * a provider that authenticates with them ({@code tls_client_auth}) names its token after them.
 */
public final class TransportKeys {
    /** The options that only locate or unlock the client key: its fingerprint stands for them in a token key. */
    public static final Set<String> CLIENT_KEY_LOCATORS = Set.of(ProviderDescriptor.TLS_CLIENT_CERTIFICATE.name(),
            ProviderDescriptor.TLS_CLIENT_KEY.name(), ProviderDescriptor.TLS_CLIENT_KEY_PASSWORD.name(),
            ProviderDescriptor.TLS_CLIENT_KEYSTORE.name(), ProviderDescriptor.TLS_CLIENT_KEYSTORE_PASSWORD.name(),
            ProviderDescriptor.TLS_CLIENT_KEYSTORE_ALIAS.name());

    private TransportKeys() {
    }

    /**
     * The client key and its certificate chain, if the configuration gives them.
     *
     * @param config the provider configuration
     * @return the key material, or empty when no client certificate is configured
     * @throws dev.tokenkit.ProviderConfigurationException naming the option when they are incomplete or unreadable
     */
    public static Optional<KeyMaterial> clientKey(ProviderConfig config) {
        String certificate = ProviderDescriptor.TLS_CLIENT_CERTIFICATE.name();
        String key = ProviderDescriptor.TLS_CLIENT_KEY.name();
        String keyPassword = ProviderDescriptor.TLS_CLIENT_KEY_PASSWORD.name();
        String keystore = ProviderDescriptor.TLS_CLIENT_KEYSTORE.name();
        String keystorePassword = ProviderDescriptor.TLS_CLIENT_KEYSTORE_PASSWORD.name();
        String alias = ProviderDescriptor.TLS_CLIENT_KEYSTORE_ALIAS.name();
        requireWith(config, keyPassword, key);
        requireWith(config, keystorePassword, keystore);
        requireWith(config, alias, keystore);
        boolean pem = config.has(certificate) || config.has(key);
        if (pem && config.has(keystore)) {
            throw KeyChecks.problem(keystore, "set either " + keystore + " or " + certificate + " and " + key
                    + ", not both: they both give the client certificate");
        }
        if (config.has(keystore)) {
            if (!config.has(keystorePassword)) {
                throw KeyChecks.problem(keystore, "a PKCS#12 keystore needs its password: set " + keystorePassword);
            }
            char[] password = config.secret(keystorePassword).reveal().toCharArray();
            return Optional.of(KeyFiles.readPkcs12(keystore, Path.of(config.string(keystore)), password,
                    config.find(alias)));
        }
        if (!pem) {
            return Optional.empty();
        }
        if (!config.has(key)) {
            throw KeyChecks.problem(certificate, "a client certificate needs its private key: set " + key);
        }
        if (!config.has(certificate)) {
            throw KeyChecks.problem(key, "a client key needs its certificate: set " + certificate
                    + " (the PEM chain, leaf first)");
        }
        return Optional.of(KeyFiles.readPem(key, Path.of(config.string(key)), password(config, keyPassword),
                Optional.of(Path.of(config.string(certificate)))));
    }

    /**
     * Fails when {@code option} is set without the option it belongs to.
     *
     * @param config the configuration
     * @param option an option that only makes sense with {@code needs} (a password, an alias)
     * @param needs  the option it belongs to
     */
    public static void requireWith(ProviderConfig config, String option, String needs) {
        if (config.has(option) && !config.has(needs)) {
            throw KeyChecks.problem(option, "it is set but " + needs + " is not; set " + needs + " or remove " + option);
        }
    }

    /**
     * A secret option's value as a password, if set.
     *
     * @param config the configuration
     * @param option the password option
     * @return the password's characters, or empty
     */
    public static Optional<char[]> password(ProviderConfig config, String option) {
        return config.findSecret(option).map(s -> s.reveal().toCharArray());
    }
}
