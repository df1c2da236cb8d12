package dev.tokenkit.oauth2.jwt;

import java.util.Objects;
import java.util.Optional;

/**
 * The choices of a {@link JwtSigner}: the algorithm (or the key's default) and what the JWS
 * header names the key by ({@code kid} given or the RFC 7638 thumbprint, {@code x5t},
 * {@code x5t#S256}, {@code x5c}). Immutable; start with {@link #builder()}.
 */
public final class JwsOptions {
    private final String algorithm;
    private final String keyId;
    private final boolean thumbprintKeyId;
    private final boolean x5t;
    private final boolean x5tS256;
    private final boolean x5c;
    private final String type;

    private JwsOptions(Builder b) {
        this.algorithm = b.algorithm;
        this.keyId = b.keyId;
        this.thumbprintKeyId = b.thumbprintKeyId;
        this.x5t = b.x5t;
        this.x5tS256 = b.x5tS256;
        this.x5c = b.x5c;
        this.type = b.type;
    }

    /**
     * Options with the key's default algorithm and nothing naming the key.
     *
     * @return the defaults
     */
    public static JwsOptions defaults() {
        return builder().build();
    }

    /**
     * Starts options.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The JWS algorithm name asked for.
     *
     * @return e.g. {@code PS256}; empty for the key's default
     */
    public Optional<String> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    /**
     * The {@code kid} given.
     *
     * @return the key id; empty when none is given
     */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /**
     * Whether {@code kid} is the RFC 7638 thumbprint of the public key.
     *
     * @return {@code true} for the thumbprint
     */
    public boolean thumbprintKeyId() {
        return thumbprintKeyId;
    }

    /**
     * Whether the header carries {@code x5t}, the base64url SHA-1 of the certificate's DER.
     *
     * @return {@code true} to send it
     */
    public boolean x5t() {
        return x5t;
    }

    /**
     * Whether the header carries {@code x5t#S256}, the base64url SHA-256 of the certificate's DER.
     *
     * @return {@code true} to send it
     */
    public boolean x5tS256() {
        return x5tS256;
    }

    /**
     * Whether the header carries {@code x5c}, the certificate chain.
     *
     * @return {@code true} to send it
     */
    public boolean x5c() {
        return x5c;
    }

    /**
     * The {@code typ} header.
     *
     * @return e.g. {@code JWT}; empty when none is sent
     */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JwsOptions other && Objects.equals(algorithm, other.algorithm)
                && Objects.equals(keyId, other.keyId) && thumbprintKeyId == other.thumbprintKeyId
                && x5t == other.x5t && x5tS256 == other.x5tS256 && x5c == other.x5c && Objects.equals(type, other.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, keyId, thumbprintKeyId, x5t, x5tS256, x5c, type);
    }

    @Override
    public String toString() {
        return "JwsOptions[alg=" + (algorithm == null ? "default" : algorithm)
                + (keyId != null ? ", kid=" + keyId : thumbprintKeyId ? ", kid=thumbprint" : "")
                + (x5t ? ", x5t" : "") + (x5tS256 ? ", x5t#S256" : "") + (x5c ? ", x5c" : "")
                + (type != null ? ", typ=" + type : "") + "]";
    }

    /** Builds {@link JwsOptions}. */
    public static final class Builder {
        private String algorithm;
        private String keyId;
        private boolean thumbprintKeyId;
        private boolean x5t;
        private boolean x5tS256;
        private boolean x5c;
        private String type;

        private Builder() {
        }

        /**
         * The JWS algorithm: RS256, RS384, RS512, PS256, PS384, PS512 (RSA), ES256, ES384, ES512
         * (EC, by curve), EdDSA (Ed25519), HS256, HS384, HS512 (a shared secret).
         *
         * @param name the algorithm's JWA name
         * @return this builder
         */
        public Builder algorithm(String name) {
            this.algorithm = Objects.requireNonNull(name, "algorithm");
            return this;
        }

        /**
         * Sends this {@code kid}.
         *
         * @param keyId the key id the server knows the key by
         * @return this builder
         */
        public Builder keyId(String keyId) {
            this.keyId = Objects.requireNonNull(keyId, "keyId");
            this.thumbprintKeyId = false;
            return this;
        }

        /**
         * Sends the public key's RFC 7638 thumbprint (SHA-256) as {@code kid}.
         *
         * @return this builder
         */
        public Builder thumbprintKeyId() {
            this.thumbprintKeyId = true;
            this.keyId = null;
            return this;
        }

        /**
         * Sends {@code x5t} (what Entra ID requires).
         *
         * @param send whether to send it
         * @return this builder
         */
        public Builder x5t(boolean send) {
            this.x5t = send;
            return this;
        }

        /**
         * Sends {@code x5t#S256}.
         *
         * @param send whether to send it
         * @return this builder
         */
        public Builder x5tS256(boolean send) {
            this.x5tS256 = send;
            return this;
        }

        /**
         * Sends {@code x5c}, the certificate chain, leaf first.
         *
         * @param send whether to send it
         * @return this builder
         */
        public Builder x5c(boolean send) {
            this.x5c = send;
            return this;
        }

        /**
         * Sends this {@code typ} header.
         *
         * @param type e.g. {@code JWT}
         * @return this builder
         */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public JwsOptions build() {
            return new JwsOptions(this);
        }
    }
}
