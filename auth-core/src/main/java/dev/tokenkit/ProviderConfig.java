package dev.tokenkit;

import dev.tokenkit.internal.util.ConfigValues;
import dev.tokenkit.internal.util.Names;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Immutable, string-keyed provider options ({@code app-id}, {@code app-secret}, ...).
 *
 * <p>Build one from a {@link #builder() builder}, a {@link #of(Map) Map},
 * {@link #fromProperties(Properties) Properties} or the {@link #fromEnvironment(String)
 * environment}, combine sources with {@link #withOverrides(ProviderConfig)}, and let the
 * registry {@linkplain #validate(ProviderDescriptor) validate} it against the provider's
 * declared options: a missing required option is named with the environment variable that
 * sets it, an unknown option gets a "did you mean" suggestion, defaults are filled in, and the
 * values of secret options are held as {@link Secret}.
 *
 * <p>A secret may also be given as a supplier ({@link Builder#putSecret(String, Supplier)}),
 * asked for its value at every use: for credentials that rotate, such as an assertion a workload
 * identity agent renews.
 *
 * <p>{@link #toString()} masks secret values.
 */
public final class ProviderConfig {
    private static final ProviderConfig EMPTY = new ProviderConfig(null, Map.of());

    private final String providerId;
    private final Map<String, Object> values;

    private ProviderConfig(String providerId, Map<String, Object> values) {
        this.providerId = providerId;
        this.values = values;
    }

    /**
     * An empty configuration.
     *
     * @return the empty configuration
     */
    public static ProviderConfig empty() {
        return EMPTY;
    }

    /**
     * Starts a configuration.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A configuration from a map. {@link Secret} values stay secret; other values are taken
     * as their {@code toString()}.
     *
     * @param map option names to values
     * @return the configuration
     */
    public static ProviderConfig of(Map<String, ?> map) {
        Builder b = builder();
        map.forEach(b::putValue);
        return b.build();
    }

    /**
     * A configuration from properties, e.g. a file read with {@link Properties#load}.
     *
     * @param properties option names to values
     * @return the configuration
     */
    public static ProviderConfig fromProperties(Properties properties) {
        Builder b = builder();
        for (String name : properties.stringPropertyNames()) {
            b.put(name.trim(), properties.getProperty(name).trim());
        }
        return b.build();
    }

    /**
     * The options set for a provider in the process environment: {@code TOKENKIT_SYMBL_APP_ID}
     * sets option {@code app-id} of provider {@code symbl}.
     *
     * @param providerId the provider id
     * @return the configuration (empty when no variable is set)
     */
    public static ProviderConfig fromEnvironment(String providerId) {
        return fromEnvironment(providerId, System.getenv());
    }

    /**
     * The options set for a provider in the given environment map (see
     * {@link #fromEnvironment(String)}).
     *
     * @param providerId  the provider id
     * @param environment variable names to values
     * @return the configuration
     */
    public static ProviderConfig fromEnvironment(String providerId, Map<String, String> environment) {
        String prefix = environmentPrefix(providerId);
        Builder b = builder();
        environment.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                b.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '-'), value);
            }
        });
        return b.build();
    }

    /**
     * The environment variable that sets an option: {@code TOKENKIT_} + id + {@code _} + option,
     * upper case, dashes as underscores ({@link ConfigOption#environmentVariable(String)} for users).
     */
    static String environmentVariable(String providerId, String option) {
        return environmentPrefix(providerId) + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String environmentPrefix(String providerId) {
        return "TOKENKIT_" + providerId.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    /**
     * A configuration holding this one's options and the other's, the other's winning.
     *
     * @param overrides the options that take precedence
     * @return the combined configuration
     */
    public ProviderConfig withOverrides(ProviderConfig overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides.values);
        return new ProviderConfig(providerId, Collections.unmodifiableMap(merged));
    }

    /**
     * The provider this configuration was validated for.
     *
     * @return the provider id, empty before {@link #validate(ProviderDescriptor)}
     */
    public Optional<String> providerId() {
        return Optional.ofNullable(providerId);
    }

    /**
     * The names of the options set.
     *
     * @return the names, in insertion order
     */
    public Set<String> names() {
        return values.keySet();
    }

    /**
     * Whether the option is set.
     *
     * @param name the option name
     * @return {@code true} when set
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * The value of a non-secret option.
     *
     * @param name the option name
     * @return the value, empty when not set
     * @throws ProviderConfigurationException when the option holds a secret (use {@link #secret})
     */
    public Optional<String> find(String name) {
        Object v = values.get(name);
        if (v instanceof Secret || v instanceof SuppliedSecret) {
            throw error("option '" + name + "' is secret; read it with secret(\"" + name + "\")");
        }
        return Optional.ofNullable((String) v);
    }

    /**
     * The value of a non-secret option that must be set.
     *
     * @param name the option name
     * @return the value
     * @throws ProviderConfigurationException when not set
     */
    public String string(String name) {
        return find(name).orElseThrow(() -> missing(name));
    }

    /**
     * Whether the option is set and holds a secret (after {@link #validate(ProviderDescriptor)},
     * every option the provider declares secret does).
     *
     * @param name the option name
     * @return {@code true} for a secret value
     */
    public boolean isSecret(String name) {
        Object v = values.get(name);
        return v instanceof Secret || v instanceof SuppliedSecret;
    }

    /**
     * Whether the option is a secret given as a supplier ({@link Builder#putSecret(String, Supplier)}),
     * whose value may differ at every use. A token store's key leaves such a value out.
     *
     * @param name the option name
     * @return {@code true} for a supplied secret
     */
    public boolean isSupplied(String name) {
        return values.get(name) instanceof SuppliedSecret;
    }

    /**
     * The value of a secret option (a plain value is wrapped). A supplied secret is asked for its
     * value now, at every call.
     *
     * @param name the option name
     * @return the secret, empty when not set
     * @throws ProviderConfigurationException when a supplied secret's supplier gives {@code null}
     */
    public Optional<Secret> findSecret(String name) {
        Object v = values.get(name);
        if (v instanceof SuppliedSecret supplied) {
            return Optional.of(supplied.get(providerId, name));
        }
        return v == null ? Optional.empty() : Optional.of(v instanceof Secret s ? s : Secret.of((String) v));
    }

    /**
     * The value of a secret option that must be set.
     *
     * @param name the option name
     * @return the secret
     * @throws ProviderConfigurationException when not set
     */
    public Secret secret(String name) {
        return findSecret(name).orElseThrow(() -> missing(name));
    }

    /**
     * An option's value as an absolute URI.
     *
     * @param name the option name
     * @return the URI
     * @throws ProviderConfigurationException when not set or not a URI
     */
    public URI uri(String name) {
        return typed(name, ConfigOption.Type.URI, URI::create);
    }

    /**
     * A URI option with an endpoint path appended: a vendor's endpoint under its configurable base
     * URL. One slash joins them whether or not the base ends with one: base
     * {@code https://api.example.com/v2/} and path {@code /oauth/token} give
     * {@code https://api.example.com/v2/oauth/token}.
     *
     * @param name the option name, e.g. {@code base-url}
     * @param path the endpoint's path, with or without a leading slash
     * @return the endpoint
     * @throws ProviderConfigurationException when not set or not a URI
     */
    public URI uri(String name, String path) {
        String base = uri(name).toString();
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return URI.create(base.substring(0, end) + (path.startsWith("/") ? path : "/" + path));
    }

    /**
     * An option's value as a duration ({@code 30s}, {@code 500ms}, {@code PT1M}, plain seconds...).
     *
     * @param name the option name
     * @return the duration
     * @throws ProviderConfigurationException when not set or not a duration
     */
    public Duration duration(String name) {
        return typed(name, ConfigOption.Type.DURATION, ConfigValues::parseDuration);
    }

    /**
     * An option's value as an integer.
     *
     * @param name the option name
     * @return the integer
     * @throws ProviderConfigurationException when not set or not an integer
     */
    public int integer(String name) {
        return typed(name, ConfigOption.Type.INTEGER, Integer::parseInt);
    }

    /**
     * An option's value as a boolean ({@code true} or {@code false}).
     *
     * @param name the option name
     * @return the boolean
     * @throws ProviderConfigurationException when not set or not a boolean
     */
    public boolean bool(String name) {
        return typed(name, ConfigOption.Type.BOOLEAN, Boolean::parseBoolean);
    }

    private <T> T typed(String name, ConfigOption.Type type, java.util.function.Function<String, T> parse) {
        String raw = string(name);
        String problem = type.check(raw);
        if (problem != null) {
            throw error("option '" + name + "' " + problem);
        }
        return parse.apply(raw.trim());
    }

    /**
     * Checks this configuration against a provider's declared options and returns the
     * configuration the provider receives: defaults filled in, secret values held as
     * {@link Secret}. All problems are reported at once.
     *
     * @param descriptor the provider's descriptor
     * @return the validated configuration
     * @throws ProviderConfigurationException naming every missing, unknown or invalid option
     */
    public ProviderConfig validate(ProviderDescriptor descriptor) {
        String id = descriptor.id();
        List<String> problems = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> known = new ArrayList<>();
        descriptor.options().forEach(o -> known.add(o.name()));
        for (String name : values.keySet()) {
            if (descriptor.option(name).isEmpty()) {
                String hint = Names.nearest(name, known).map(n -> "; did you mean '" + n + "'?").orElse("");
                problems.add("unknown option '" + name + "'" + hint + " (options of " + id + ": "
                        + String.join(", ", known) + ")");
            }
        }
        boolean insecureAllowed = false;
        for (ConfigOption option : descriptor.options()) {
            Object v = values.get(option.name());
            if (v instanceof SuppliedSecret) {
                if (option.isSecret()) {
                    out.put(option.name(), v);
                } else {
                    problems.add("option '" + option.name() + "' is given as a supplier, which only a secret option"
                            + " takes; give its value with put(\"" + option.name() + "\", value)");
                }
                continue;
            }
            if (v == null || (v instanceof String s && s.isBlank()) || (v instanceof Secret sec && sec.isEmpty())) {
                if (option.isRequired()) {
                    problems.add("missing required option '" + option.name() + "'"
                            + (option.description().isEmpty() ? "" : " (" + option.description() + ")")
                            + "; set it in the configuration or with the environment variable "
                            + option.environmentVariable(id));
                    continue;
                }
                v = option.defaultValue().orElse(null);
                if (v == null) {
                    continue;
                }
            }
            String raw = v instanceof Secret sec ? sec.reveal() : (String) v;
            String problem = option.type().check(raw);
            if (problem != null) {
                problems.add("option '" + option.name() + "' " + (option.isSecret() ? "(secret) is not valid" : problem));
                continue;
            }
            if (option.name().equals(ProviderDescriptor.ALLOW_INSECURE_HTTP.name())) {
                insecureAllowed = Boolean.parseBoolean(raw.trim());
            }
            out.put(option.name(), option.isSecret() ? (v instanceof Secret ? v : Secret.of(raw)) : raw.trim());
        }
        for (ConfigOption option : descriptor.options()) {
            if (option.type() == ConfigOption.Type.URI && out.get(option.name()) instanceof String s) {
                String problem = ConfigValues.checkTransportSecurity(URI.create(s), insecureAllowed);
                if (problem != null) {
                    problems.add("option '" + option.name() + "' " + problem);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ProviderConfigurationException(id, "invalid configuration: " + String.join("; ", problems));
        }
        return new ProviderConfig(id, Collections.unmodifiableMap(out));
    }

    private ProviderConfigurationException missing(String name) {
        String env = providerId == null ? "" : " or the environment variable " + environmentVariable(providerId, name);
        return error("option '" + name + "' is not set; set it in the configuration" + env);
    }

    private ProviderConfigurationException error(String message) {
        return new ProviderConfigurationException(providerId, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderConfig c && Objects.equals(providerId, c.providerId) && values.equals(c.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerId, values);
    }

    /**
     * Lists the options. Secret values show as {@code ****}; before validation nothing says which
     * options are secret, so every value shows as {@code ****} until then.
     */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "ProviderConfig[", "]");
        values.forEach((k, v) -> j.add(k + "=" + (providerId == null ? "****" : v)));
        return j.toString();
    }

    /** A secret asked of its supplier at every use; equal by the supplier's identity, shown as {@code ****}. */
    private static final class SuppliedSecret {
        private final Supplier<String> supplier;

        SuppliedSecret(Supplier<String> supplier) {
            this.supplier = supplier;
        }

        Secret get(String providerId, String name) {
            String value = supplier.get();
            if (value == null) {
                throw new ProviderConfigurationException(providerId, "option '" + name + "': its supplier gave null;"
                        + " it must give the current value at every call");
            }
            return Secret.of(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SuppliedSecret other && other.supplier == supplier;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(supplier);
        }

        @Override
        public String toString() {
            return "****";
        }
    }

    /** Builds a {@link ProviderConfig}. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets an option.
         *
         * @param name  the option name
         * @param value the value
         * @return this builder
         */
        public Builder put(String name, String value) {
            values.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, () -> "value of " + name));
            return this;
        }

        /**
         * Sets a secret option; the value is held as a {@link Secret}.
         *
         * @param name  the option name
         * @param value the secret value
         * @return this builder
         */
        public Builder putSecret(String name, String value) {
            return putSecret(name, Secret.of(value));
        }

        /**
         * Sets a secret option.
         *
         * @param name  the option name
         * @param value the secret
         * @return this builder
         */
        public Builder putSecret(String name, Secret value) {
            values.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, () -> "value of " + name));
            return this;
        }

        /**
         * Sets a secret option whose value is asked of the supplier at every use (each token
         * request, for a credential), never at configuration time and never kept: for a credential
         * that rotates, such as a workload identity token. The supplier is called from tokenkit's
         * fetch threads and must be thread-safe; what it throws fails that fetch. Two
         * configurations holding the same supplier object are equal.
         *
         * @param name  the option name; the provider must declare it secret
         * @param value the supplier of the current value
         * @return this builder
         */
        public Builder putSecret(String name, Supplier<String> value) {
            values.put(Objects.requireNonNull(name, "name"),
                    new SuppliedSecret(Objects.requireNonNull(value, () -> "supplier of " + name)));
            return this;
        }

        /**
         * Sets every option of another configuration (its values win).
         *
         * @param other the configuration to copy
         * @return this builder
         */
        public Builder putAll(ProviderConfig other) {
            values.putAll(other.values);
            return this;
        }

        private void putValue(String name, Object value) {
            if (value instanceof Secret s) {
                putSecret(name, s);
            } else {
                put(name, String.valueOf(Objects.requireNonNull(value, () -> "value of " + name)));
            }
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public ProviderConfig build() {
            return values.isEmpty() ? EMPTY : new ProviderConfig(null, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
