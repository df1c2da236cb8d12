package dev.tokenkit.oauth2;

import dev.tokenkit.spi.TokenRequest;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tls_client_auth} and {@code self_signed_tls_client_auth} (RFC 8705 §2): the client proves
 * itself with the certificate the transport presents in the TLS handshake, so the form carries
 * only {@code client_id}, never a secret or an assertion.
 */
final class TlsClientAuthentication implements ClientAuthentication {
    private final String clientId;
    private final X509Certificate certificate;

    TlsClientAuthentication(String clientId, X509Certificate certificate) {
        this.clientId = clientId;
        this.certificate = certificate;
    }

    @Override
    public void authenticate(TokenRequest.Builder request, Map<String, Object> form, URI endpoint) {
        form.put("client_id", clientId);
    }

    @Override
    public Optional<X509Certificate> clientCertificate() {
        return Optional.of(certificate);
    }

    @Override
    public String toString() {
        return "TlsClientAuthentication[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
