package dev.tokenkit.oauth2;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3, RFC 7523 §2.2, RFC 8705 §2),
 * by the names of RFC 7591 and RFC 8414 ({@code token_endpoint_auth_methods_supported}).
 */
enum ClientAuthMethod {
    /** HTTP Basic: {@code Authorization: Basic base64(form(id) ":" form(secret))}. */
    CLIENT_SECRET_BASIC,
    /** {@code client_id} and {@code client_secret} in the form body. */
    CLIENT_SECRET_POST,
    /** An assertion signed with the client secret (HMAC). */
    CLIENT_SECRET_JWT,
    /** An assertion signed with the client's private key, or made elsewhere. */
    PRIVATE_KEY_JWT,
    /** Mutual TLS with a certificate from a CA the server trusts (RFC 8705 §2.1); {@code client_id} in the form. */
    TLS_CLIENT_AUTH,
    /** Mutual TLS with a self-signed certificate registered at the server (RFC 8705 §2.2); {@code client_id} in the form. */
    SELF_SIGNED_TLS_CLIENT_AUTH;

    /**
     * The name as configured and as metadata lists it.
     *
     * @return e.g. {@code client_secret_basic}
     */
    String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the client secret is sent (basic or post). */
    boolean sendsSecret() {
        return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
    }

    /** Whether the client authenticates with its TLS client certificate (RFC 8705). */
    boolean usesClientCertificate() {
        return this == TLS_CLIENT_AUTH || this == SELF_SIGNED_TLS_CLIENT_AUTH;
    }

    /** Whether the client secret is used (sent, or signed with). */
    boolean usesClientSecret() {
        return sendsSecret() || this == CLIENT_SECRET_JWT;
    }

    /** Every option value, for messages. */
    static String all() {
        return Arrays.stream(values()).map(ClientAuthMethod::optionValue).collect(Collectors.joining(", "));
    }

    /** The method of this option value (exact, lower case), if it is one. */
    static Optional<ClientAuthMethod> of(String value) {
        for (ClientAuthMethod method : values()) {
            if (method.optionValue().equals(value)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
