package dev.tokenkit.emulators;

import dev.tokenkit.emulators.JwsVerifier.VerificationKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * A client registered at {@link OAuth2Emulator}: its id, the scopes it may ask for, and the
 * credentials it may authenticate with (RFC 6749 §2.3, RFC 7523 §2.2, RFC 8705 §2).
 *
 * @param id           the client id
 * @param secret       the secret ({@code client_secret_basic}, {@code client_secret_post},
 *                     {@code client_secret_jwt}), if it has one
 * @param scopes       the scopes it may ask for
 * @param keys         the public keys its {@code private_key_jwt} assertions verify with
 * @param subject      the subject distinguished name of its certificate ({@code tls_client_auth})
 * @param certificates its self-signed certificates ({@code self_signed_tls_client_auth})
 */
record RegisteredClient(String id, Optional<String> secret, List<String> scopes, List<VerificationKey> keys,
                        Optional<X500Principal> subject, List<X509Certificate> certificates) {

    RegisteredClient {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        scopes = List.copyOf(scopes);
        keys = List.copyOf(keys);
        Objects.requireNonNull(subject, "subject");
        certificates = List.copyOf(certificates);
    }

    /** A client with these scopes and, unless empty, this secret; no key or certificate yet. */
    static RegisteredClient of(String id, Optional<String> secret, List<String> scopes) {
        return new RegisteredClient(id, secret, scopes, List.of(), Optional.empty(), List.of());
    }

    RegisteredClient withKeys(List<VerificationKey> more) {
        List<VerificationKey> all = new ArrayList<>(keys);
        all.addAll(more);
        return new RegisteredClient(id, secret, scopes, all, subject, certificates);
    }

    RegisteredClient withSubject(X500Principal dn) {
        return new RegisteredClient(id, secret, scopes, keys, Optional.of(dn), certificates);
    }

    RegisteredClient withCertificates(List<X509Certificate> more) {
        List<X509Certificate> all = new ArrayList<>(certificates);
        all.addAll(more);
        return new RegisteredClient(id, secret, scopes, keys, subject, all);
    }

    /** The id, scopes and which credentials it has; never the secret. */
    @Override
    public String toString() {
        return "Client[" + id + ", scopes=" + scopes + (secret.isPresent() ? ", secret" : "")
                + (keys.isEmpty() ? "" : ", " + keys.size() + " key(s)") + subject.map(s -> ", subject " + s).orElse("")
                + (certificates.isEmpty() ? "" : ", " + certificates.size() + " certificate(s)") + "]";
    }
}
