package dev.tokenkit.spi;

import dev.tokenkit.ProviderDescriptor;
import jakarta.json.spi.JsonProvider;

import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Optional;

/**
 * What tokenkit lends a provider: the HTTP transport (configured from the transport options),
 * the clock, JSON, a logger and a redactor for the configured secrets and what was sent with them.
 */
public interface ProviderContext {

    /**
     * The provider's descriptor.
     *
     * @return the descriptor
     */
    ProviderDescriptor descriptor();

    /**
     * The provider id (shorthand for {@code descriptor().id()}).
     *
     * @return the id
     */
    default String providerId() {
        return descriptor().id();
    }

    /**
     * The clock; use it for every timestamp so that tests can run on virtual time.
     *
     * @return the clock
     */
    InstantSource clock();

    /**
     * The HTTP transport: no redirects, timeouts, https-only policy and body size cap applied.
     *
     * @return the transport
     */
    HttpTransport http();

    /**
     * The client certificate that the {@link #http() transport} presents for mutual TLS, from the
     * transport options {@code tls-client-certificate} and {@code tls-client-key} or
     * {@code tls-client-keystore}; already checked to match its key and to be valid. A provider
     * whose authentication is the client certificate (RFC 8705) checks here that one is configured.
     *
     * @return the leaf certificate, empty when none is configured
     */
    default Optional<X509Certificate> clientCertificate() {
        return Optional.empty();
    }

    /**
     * The JSON provider (Parsson).
     *
     * @return the JSON provider
     */
    JsonProvider json();

    /**
     * A logger for the provider. Never log a secret or a token value; log
     * {@link dev.tokenkit.AccessToken#fingerprint() fingerprints}.
     *
     * @return the logger
     */
    System.Logger logger();

    /**
     * Replaces every configured secret value occurring in the text by {@code ****}, and every
     * part of what this context's {@link #http() transport} sent that carries a secret or
     * authenticates (a header value and its credentials, Basic's decoded {@code id:secret}, a
     * body), in every form an answer may echo it: as sent, JSON-escaped, URL-encoded, and in
     * Base64 of either alphabet, padded or not, whole, truncated or inside a longer Base64 text.
     * Use it on any text that came from the vendor before putting it in a message.
     *
     * @param text the text, may be {@code null}
     * @return the redacted text
     */
    String redact(String text);
}
