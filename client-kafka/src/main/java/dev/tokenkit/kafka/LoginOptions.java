package dev.tokenkit.kafka;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.internal.util.FileValues;
import org.apache.kafka.common.config.ConfigException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of the {@code OAuthBearerLoginModule} line in {@code sasl.jaas.config}, as
 * {@link TokenLoginCallbackHandler} reads them: {@code provider} (the provider id),
 * {@code principal} (the principal's name, for opaque tokens), {@code extension_<name>} (SASL
 * extensions, as Kafka's own handler takes them), and every other option for the provider. A value
 * {@code @FILE} is read from that file (one trailing line break dropped), {@code @@…} stands for a
 * value starting with {@code @}. The provider's options also come from the environment
 * ({@code TOKENKIT_<ID>_<OPTION>}); the JAAS options win.
 */
final class LoginOptions {
    static final String PROVIDER = "provider";
    static final String PRINCIPAL = "principal";
    static final String EXTENSION_PREFIX = "extension_";

    private final Optional<String> providerId;
    private final Optional<String> principal;
    private final Map<String, String> extensions;
    private final Map<String, String> providerOptions;
    private final Map<String, String> environment;

    private LoginOptions(Map<String, ?> options, Map<String, String> environment) {
        this.environment = environment;
        Map<String, String> extensions = new LinkedHashMap<>();
        Map<String, String> providerOptions = new LinkedHashMap<>();
        String id = null;
        String name = null;
        for (Map.Entry<String, ?> option : options.entrySet()) {
            String key = option.getKey();
            String value = value(key, String.valueOf(option.getValue()));
            if (key.equals(PROVIDER)) {
                id = value;
            } else if (key.equals(PRINCIPAL)) {
                name = value;
            } else if (key.startsWith(EXTENSION_PREFIX)) {
                extensions.put(SaslExtensionRules.checkedName(key.substring(EXTENSION_PREFIX.length())),
                        SaslExtensionRules.checkedValue(key, value));
            } else {
                providerOptions.put(key, value);
            }
        }
        this.providerId = Optional.ofNullable(id).map(String::strip).filter(s -> !s.isEmpty());
        this.principal = Optional.ofNullable(name).filter(s -> !s.isBlank());
        this.extensions = Map.copyOf(extensions);
        this.providerOptions = providerOptions;
    }

    /**
     * Reads the options.
     *
     * @param options     the JAAS options
     * @param environment the process environment, for the provider's options
     * @return the options
     * @throws ConfigException when an extension is malformed or a file cannot be read
     */
    static LoginOptions parse(Map<String, ?> options, Map<String, String> environment) {
        return new LoginOptions(options, environment);
    }

    /** @return the provider id, when the options name one */
    Optional<String> providerId() {
        return providerId;
    }

    /** @return the principal's name, when the options set one */
    Optional<String> principal() {
        return principal;
    }

    /** @return the SASL extensions, by name */
    Map<String, String> extensions() {
        return extensions;
    }

    /** @return the names of the options meant for a provider */
    Set<String> providerOptionNames() {
        return providerOptions.keySet();
    }

    /**
     * The provider's configuration: its variables in the environment, then the JAAS options.
     *
     * @param id the provider id
     * @return the configuration, not validated yet
     */
    ProviderConfig providerConfig(String id) {
        ProviderConfig.Builder jaas = ProviderConfig.builder();
        providerOptions.forEach(jaas::put);
        return ProviderConfig.fromEnvironment(id, environment).withOverrides(jaas.build());
    }

    private static String value(String key, String raw) {
        return FileValues.resolve(raw, (file, problem) -> new ConfigException("tokenkit cannot read the value of JAAS"
                + " option " + key + " from " + file + " (" + problem + "); give the path of a readable UTF-8 file after"
                + " '@', or '@@' for a value that starts with '@'"));
    }
}
