package dev.tokenkit.emulators;

import dev.tokenkit.emulators.JwsVerifier.Expected;
import dev.tokenkit.emulators.JwsVerifier.Rejected;
import dev.tokenkit.emulators.JwsVerifier.VerificationKey;
import dev.tokenkit.emulators.OAuth2Emulator.ClientAuthentication;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link OAuth2Emulator}'s client authentication beyond a secret sent as is: a signed JWT
 * ({@code private_key_jwt} with the client's public keys, {@code client_secret_jwt} with its
 * secret; RFC 7523 §2.2 and §3) and a TLS client certificate ({@code tls_client_auth} by subject
 * DN, {@code self_signed_tls_client_auth} by the exact certificate; RFC 8705 §2). Each method
 * answers the client it authenticated, or a {@link Rejected} whose message never quotes a
 * credential.
 */
final class JwtAndTlsClientAuthentication {
    /** The only {@code client_assertion_type} there is (RFC 7523 §2.2). */
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final JwsVerifier verifier;
    private final InstantSource clock;

    JwtAndTlsClientAuthentication(InstantSource clock) {
        this.clock = clock;
        this.verifier = new JwsVerifier(clock);
    }

    /**
     * Authenticates by {@code client_assertion}: the client named by {@code client_id} (or, without
     * one, by the assertion's {@code iss}); the assertion signed with one of its keys or its secret,
     * {@code iss} = {@code sub} = the client id, {@code aud} the token endpoint or the issuer,
     * unexpired, with a {@code jti} not seen before.
     */
    RegisteredClient byAssertion(Map<String, RegisteredClient> clients, Set<ClientAuthentication> accepted,
                                 String assertionType, String assertion, Optional<String> clientId,
                                 Set<String> audiences) throws Rejected {
        boolean privateKey = accepted.contains(ClientAuthentication.PRIVATE_KEY_JWT);
        boolean secret = accepted.contains(ClientAuthentication.CLIENT_SECRET_JWT);
        if (!privateKey && !secret) {
            throw new Rejected("this server does not accept client assertions (private_key_jwt, client_secret_jwt)");
        }
        if (!ASSERTION_TYPE.equals(assertionType)) {
            throw new Rejected("client_assertion_type must be " + ASSERTION_TYPE + " (RFC 7523 section 2.2)");
        }
        Optional<String> issuer = JwsVerifier.unverifiedIssuer(assertion);
        if (clientId.isPresent() && issuer.isPresent() && !clientId.equals(issuer)) {
            throw new Rejected("client_id in the form is not the client assertion's 'iss'; both name the client (RFC"
                    + " 7521 section 4.2)");
        }
        String id = clientId.or(() -> issuer)
                .orElseThrow(() -> new Rejected("the client assertion names no client: it has no 'iss' and the form no"
                        + " client_id"));
        RegisteredClient client = clients.get(id);
        if (client == null) {
            throw new Rejected("client authentication failed: unknown client");
        }
        List<VerificationKey> keys = new ArrayList<>();
        if (privateKey) {
            keys.addAll(client.keys());
        }
        if (secret && client.secret().isPresent()) {
            keys.add(new VerificationKey(Optional.empty(),
                    new SecretKeySpec(client.secret().get().getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        }
        verifier.verify(assertion, keys, new Expected(id, Optional.of(id), audiences, Optional.empty(), true));
        return client;
    }

    /**
     * Authenticates by the TLS client certificate: the client named by {@code client_id}, whose
     * registered subject DN is the leaf's ({@code tls_client_auth}) or whose registered certificates
     * include the leaf ({@code self_signed_tls_client_auth}); the leaf valid now on the clock.
     */
    RegisteredClient byCertificate(Map<String, RegisteredClient> clients, Set<ClientAuthentication> accepted,
                                   String clientId, List<X509Certificate> chain) throws Rejected {
        RegisteredClient client = clients.get(clientId);
        if (client == null) {
            throw new Rejected("client authentication failed: unknown client");
        }
        X509Certificate leaf = chain.get(0);
        boolean bySubject = accepted.contains(ClientAuthentication.TLS_CLIENT_AUTH)
                && client.subject().filter(leaf.getSubjectX500Principal()::equals).isPresent();
        boolean bySelfSigned = accepted.contains(ClientAuthentication.SELF_SIGNED_TLS_CLIENT_AUTH)
                && client.certificates().stream().anyMatch(registered -> sameCertificate(registered, leaf));
        if (!bySubject && !bySelfSigned) {
            throw new Rejected("the client certificate is not the one registered for this client (tls_client_auth"
                    + " compares the subject DN, self_signed_tls_client_auth the whole certificate; RFC 8705 section 2)");
        }
        try {
            leaf.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new Rejected("the client certificate is expired or not yet valid; renew it");
        }
        return client;
    }

    /** Forgets the assertions seen (their {@code jti}s). */
    void forget() {
        verifier.forget();
    }

    private static boolean sameCertificate(X509Certificate registered, X509Certificate presented) {
        try {
            return Arrays.equals(registered.getEncoded(), presented.getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }
}
