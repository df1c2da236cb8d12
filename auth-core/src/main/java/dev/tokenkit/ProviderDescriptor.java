package dev.tokenkit;

import dev.tokenkit.internal.util.Names;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider is and which options it takes: its id, a display name, a description and
 * its declared {@link ConfigOption}s.
 *
 * <p>Every descriptor also carries the {@linkplain #TRANSPORT_OPTIONS transport options} that
 * tokenkit's HTTP plumbing reads for every provider (timeouts, the answer size cap, plain http,
 * a proxy, trust anchors and a client certificate for mutual TLS); a
 * provider may declare its own option of one of those names to change its default.
 */
public final class ProviderDescriptor {

    /** Connect timeout of the token request. */
    public static final ConfigOption CONNECT_TIMEOUT = ConfigOption.builder("connect-timeout", ConfigOption.Type.DURATION)
            .defaultValue("5s").description("Timeout for opening the connection to the token endpoint.").build();
    /** Deadline for the whole token request, from sending it to the last byte of the answer. */
    public static final ConfigOption REQUEST_TIMEOUT = ConfigOption.builder("request-timeout", ConfigOption.Type.DURATION)
            .defaultValue("10s").description("Deadline for one token request, from sending to the last byte of the answer.").build();
    /** Largest answer body accepted. */
    public static final ConfigOption MAX_RESPONSE_BYTES = ConfigOption.builder("max-response-bytes", ConfigOption.Type.INTEGER)
            .defaultValue("65536").description("Largest token endpoint answer accepted, in bytes; larger answers are malformed.").build();
    /** Whether plain http is allowed for non-loopback hosts. */
    public static final ConfigOption ALLOW_INSECURE_HTTP = ConfigOption.builder("allow-insecure-http", ConfigOption.Type.BOOLEAN)
            .defaultValue("false").description("Allow plain http to hosts other than loopback. Credentials then travel unencrypted.").build();

    /** Trust anchors for the token endpoint's certificate, replacing the JVM's for this source. */
    public static final ConfigOption TLS_TRUST = ConfigOption.builder("tls-trust", ConfigOption.Type.STRING)
            .description("Path of the CAs to trust for the token endpoint instead of the JVM's: a PEM bundle, or a"
                    + " PKCS#12 or JKS trust store.").build();
    /** Password of a PKCS#12 or JKS trust store. */
    public static final ConfigOption TLS_TRUST_PASSWORD = ConfigOption.builder("tls-trust-password", ConfigOption.Type.STRING)
            .secret().description("Password of the tls-trust store, when it is a PKCS#12 or JKS store with one.").build();
    /** HTTP proxy for the token requests. */
    public static final ConfigOption PROXY = ConfigOption.builder("proxy", ConfigOption.Type.STRING)
            .description("HTTP proxy for the token requests, as host:port; https goes through it with CONNECT.").build();
    /** Client certificate chain for mutual TLS (PEM). */
    public static final ConfigOption TLS_CLIENT_CERTIFICATE = ConfigOption.builder("tls-client-certificate",
                    ConfigOption.Type.STRING)
            .description("Path of the client certificate chain for mutual TLS, PEM, leaf first; with tls-client-key.").build();
    /** Private key of the client certificate (PEM). */
    public static final ConfigOption TLS_CLIENT_KEY = ConfigOption.builder("tls-client-key", ConfigOption.Type.STRING)
            .description("Path of the client certificate's private key, PEM: PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1.").build();
    /** Password of an encrypted client key. */
    public static final ConfigOption TLS_CLIENT_KEY_PASSWORD = ConfigOption.builder("tls-client-key-password",
                    ConfigOption.Type.STRING)
            .secret().description("Password of tls-client-key when it is an ENCRYPTED PRIVATE KEY.").build();
    /** Client key and certificate for mutual TLS as one PKCS#12 keystore. */
    public static final ConfigOption TLS_CLIENT_KEYSTORE = ConfigOption.builder("tls-client-keystore", ConfigOption.Type.STRING)
            .description("Path of a PKCS#12 keystore with the client key and certificate for mutual TLS; instead of"
                    + " tls-client-certificate and tls-client-key.").build();
    /** Password of the client keystore. */
    public static final ConfigOption TLS_CLIENT_KEYSTORE_PASSWORD = ConfigOption.builder("tls-client-keystore-password",
                    ConfigOption.Type.STRING)
            .secret().description("Password of tls-client-keystore, which is also its key's.").build();
    /** Entry of the client keystore. */
    public static final ConfigOption TLS_CLIENT_KEYSTORE_ALIAS = ConfigOption.builder("tls-client-keystore-alias",
                    ConfigOption.Type.STRING)
            .description("Entry of tls-client-keystore to use; needed only when it holds several keys.").build();

    /** The transport options every provider accepts, in display order. */
    public static final List<ConfigOption> TRANSPORT_OPTIONS =
            List.of(CONNECT_TIMEOUT, REQUEST_TIMEOUT, MAX_RESPONSE_BYTES, ALLOW_INSECURE_HTTP, PROXY, TLS_TRUST,
                    TLS_TRUST_PASSWORD, TLS_CLIENT_CERTIFICATE, TLS_CLIENT_KEY, TLS_CLIENT_KEY_PASSWORD,
                    TLS_CLIENT_KEYSTORE, TLS_CLIENT_KEYSTORE_PASSWORD, TLS_CLIENT_KEYSTORE_ALIAS);

    private final String id;
    private final String displayName;
    private final String description;
    private final Map<String, ConfigOption> options;

    private ProviderDescriptor(Builder b) {
        this.id = b.id;
        this.displayName = b.displayName == null ? b.id : b.displayName;
        this.description = b.description;
        Map<String, ConfigOption> all = new LinkedHashMap<>(b.options);
        for (ConfigOption o : TRANSPORT_OPTIONS) {
            all.putIfAbsent(o.name(), o);
        }
        this.options = Collections.unmodifiableMap(all);
    }

    /**
     * Starts a descriptor.
     *
     * @param id the provider id, lower-kebab-case
     * @return a builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * The provider id, lower-kebab-case and unique among loaded providers.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * A human-readable name, e.g. {@code Symbl.ai}.
     *
     * @return the name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * A one-paragraph description.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * All options: the provider's own in declaration order, then the transport options.
     *
     * @return the options
     */
    public List<ConfigOption> options() {
        return List.copyOf(options.values());
    }

    /**
     * Looks up an option by name.
     *
     * @param name the option name
     * @return the option, if declared
     */
    public Optional<ConfigOption> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * The names of the secret options: the provider's own, then the transport options' passwords
     * ({@code tls-trust-password}, {@code tls-client-key-password}, {@code tls-client-keystore-password}).
     *
     * @return the secret option names
     */
    public List<String> secretOptionNames() {
        List<String> names = new ArrayList<>();
        for (ConfigOption o : options.values()) {
            if (o.isSecret()) {
                names.add(o.name());
            }
        }
        return names;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderDescriptor d && id.equals(d.id) && displayName.equals(d.displayName)
                && description.equals(d.description) && options.equals(d.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, displayName, description, options);
    }

    @Override
    public String toString() {
        return "ProviderDescriptor[" + id + ", options=" + options.keySet() + "]";
    }

    /** Builds a {@link ProviderDescriptor}. */
    public static final class Builder {
        private final String id;
        private String displayName;
        private String description = "";
        private final Map<String, ConfigOption> options = new LinkedHashMap<>();

        private Builder(String id) {
            this.id = Names.requireKebab(id, "provider id");
        }

        /**
         * Sets the display name.
         *
         * @param displayName e.g. {@code Symbl.ai}
         * @return this builder
         */
        public Builder displayName(String displayName) {
            this.displayName = Objects.requireNonNull(displayName, "displayName");
            return this;
        }

        /**
         * Sets the description.
         *
         * @param description one paragraph
         * @return this builder
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * Declares an option.
         *
         * @param option the option
         * @return this builder
         * @throws IllegalArgumentException when an option of that name was already declared
         */
        public Builder option(ConfigOption option) {
            if (options.putIfAbsent(option.name(), option) != null) {
                throw new IllegalArgumentException("option '" + option.name() + "' is declared twice");
            }
            return this;
        }

        /**
         * Builds the descriptor.
         *
         * @return the descriptor
         */
        public ProviderDescriptor build() {
            return new ProviderDescriptor(this);
        }
    }
}
