package dev.tokenkit.oauth2;

import dev.tokenkit.internal.keys.KeyMaterial;
import dev.tokenkit.spi.TokenRequest;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/**
 * How one configured client proves itself in a token request: the headers and form parameters
 * of its {@code auth-method}, made anew for every request (an assertion is signed or read again
 * each time).
 */
interface ClientAuthentication {
    /**
     * Adds the client's credentials to a token request.
     *
     * @param request  the request, for headers
     * @param form     the form parameters, in order; secret values as {@link dev.tokenkit.Secret}
     * @param endpoint the token endpoint the request goes to (an assertion's default audience)
     */
    void authenticate(TokenRequest.Builder request, Map<String, Object> form, URI endpoint);

    /**
     * The JWS algorithm this client signs its assertions with, to check against the server's
     * {@code token_endpoint_auth_signing_alg_values_supported}.
     *
     * @return the algorithm; empty when the client signs nothing itself
     */
    default Optional<String> signingAlgorithm() {
        return Optional.empty();
    }

    /**
     * The private key this client signs with, when it was read from a file or keystore: the token's
     * key in a shared store is named after it ({@code CredentialKeys} of dev.tokenkit.internal.keys).
     *
     * @return the key; empty for secrets and assertions made elsewhere
     */
    default Optional<KeyMaterial> signingKey() {
        return Optional.empty();
    }

    /**
     * The TLS client certificate this client authenticates with (RFC 8705): the token's key in a
     * shared store is named after its public key ({@code CredentialKeys}).
     *
     * @return the certificate; empty when the client authenticates in the request itself
     */
    default Optional<X509Certificate> clientCertificate() {
        return Optional.empty();
    }
}
