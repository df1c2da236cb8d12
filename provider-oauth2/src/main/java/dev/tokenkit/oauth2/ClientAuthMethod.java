package dev.tokenkit.oauth2;

import java.util.Locale;
import java.util.Optional;

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3.1), by the names of
 * RFC 7591 and RFC 8414 ({@code token_endpoint_auth_methods_supported}).
 */
enum ClientAuthMethod {
    /** HTTP Basic: {@code Authorization: Basic base64(form(id) ":" form(secret))}. */
    CLIENT_SECRET_BASIC,
    /** {@code client_id} and {@code client_secret} in the form body. */
    CLIENT_SECRET_POST;

    /**
     * The name as configured and as metadata lists it.
     *
     * @return {@code client_secret_basic} or {@code client_secret_post}
     */
    String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The other method, for hints. */
    ClientAuthMethod other() {
        return this == CLIENT_SECRET_BASIC ? CLIENT_SECRET_POST : CLIENT_SECRET_BASIC;
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
