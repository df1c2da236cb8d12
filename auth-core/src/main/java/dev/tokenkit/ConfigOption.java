package dev.tokenkit;

import dev.tokenkit.internal.util.ConfigValues;
import dev.tokenkit.internal.util.Names;

import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One configuration option a provider declares: its name (lower-kebab-case, e.g.
 * {@code app-id}), its {@link Type type}, whether it is required or secret, its default and a
 * one-line description. {@link ProviderConfig#validate(ProviderDescriptor)} checks a
 * configuration against the declared options.
 */
public final class ConfigOption {

    /** The form of an option's value; checked when a configuration is validated. */
    public enum Type {
        /** Any string. */
        STRING(v -> null),
        /** An absolute URI such as {@code https://api.example.com}. */
        URI(ConfigValues::checkUri),
        /** A duration: {@code 30s}, {@code 500ms}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601 {@code PT30S} or plain seconds. */
        DURATION(ConfigValues::checkDuration),
        /** A decimal integer. */
        INTEGER(ConfigValues::checkInteger),
        /** {@code true} or {@code false}. */
        BOOLEAN(ConfigValues::checkBoolean);

        private final UnaryOperator<String> check;

        Type(UnaryOperator<String> check) {
            this.check = check;
        }

        /** {@code null} when the raw value is of this type, else the problem phrased to follow "option 'x' ". */
        String check(String raw) {
            return check.apply(raw.trim());
        }
    }

    private final String name;
    private final Type type;
    private final boolean required;
    private final boolean secret;
    private final String defaultValue;
    private final String description;

    private ConfigOption(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.required = b.required;
        this.secret = b.secret;
        this.defaultValue = b.defaultValue;
        this.description = b.description;
    }

    /**
     * Starts declaring an option.
     *
     * @param name the option name, lower-kebab-case
     * @param type the value type
     * @return a builder
     */
    public static Builder builder(String name, Type type) {
        return new Builder(name, type);
    }

    /**
     * The option name, lower-kebab-case.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The value type.
     *
     * @return the type
     */
    public Type type() {
        return type;
    }

    /**
     * Whether a configuration must set this option.
     *
     * @return {@code true} when required
     */
    public boolean isRequired() {
        return required;
    }

    /**
     * Whether the value is a secret: held as {@link Secret}, never printed.
     *
     * @return {@code true} when secret
     */
    public boolean isSecret() {
        return secret;
    }

    /**
     * The default value used when the configuration does not set the option.
     *
     * @return the default, if any
     */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * A one-line description for documentation and {@code tokenkit describe}.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * The environment variable that sets this option for the given provider, e.g.
     * {@code TOKENKIT_SYMBL_APP_ID}.
     *
     * @param providerId the provider id
     * @return the variable name
     */
    public String environmentVariable(String providerId) {
        return ProviderConfig.environmentVariable(providerId, name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigOption c && name.equals(c.name) && type == c.type && required == c.required
                && secret == c.secret && Objects.equals(defaultValue, c.defaultValue)
                && description.equals(c.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, required, secret, defaultValue, description);
    }

    @Override
    public String toString() {
        return "ConfigOption[" + name + ", " + type + (required ? ", required" : "") + (secret ? ", secret" : "")
                + (defaultValue == null ? "" : ", default=" + (secret ? "****" : defaultValue)) + "]";
    }

    /** Builds a {@link ConfigOption}. */
    public static final class Builder {
        private final String name;
        private final Type type;
        private boolean required;
        private boolean secret;
        private String defaultValue;
        private String description = "";

        private Builder(String name, Type type) {
            this.name = Names.requireKebab(name, "option name");
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * Marks the option required.
         *
         * @return this builder
         */
        public Builder required() {
            this.required = true;
            return this;
        }

        /**
         * Marks the option secret.
         *
         * @return this builder
         */
        public Builder secret() {
            this.secret = true;
            return this;
        }

        /**
         * Sets the default value; it must be of the option's type.
         *
         * @param defaultValue the default
         * @return this builder
         */
        public Builder defaultValue(String defaultValue) {
            this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
            return this;
        }

        /**
         * Sets the description.
         *
         * @param description one line
         * @return this builder
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * Builds the option.
         *
         * @return the option
         * @throws IllegalArgumentException when a required option has a default, or the
         *                                  default is not of the option's type
         */
        public ConfigOption build() {
            if (required && defaultValue != null) {
                throw new IllegalArgumentException("option '" + name + "' is required and so cannot have a default");
            }
            if (defaultValue != null) {
                String problem = type.check(defaultValue);
                if (problem != null) {
                    throw new IllegalArgumentException("default of option '" + name + "' " + problem);
                }
            }
            return new ConfigOption(this);
        }
    }
}
