package dev.tokenkit.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * What makes two {@code HttpClient}s different, and nothing else: sources whose settings are
 * equal share one client, sources whose settings differ never do. Trust anchors and the client
 * key are represented by fingerprints (digests of public material), so the key holds no secret.
 *
 * @param connectTimeout        the connect timeout
 * @param proxy                 {@code host:port} of the HTTP proxy, empty for none
 * @param trustFingerprint      digest of the trusted certificates, empty for the JVM's trust
 * @param clientKeyFingerprint  digest of the client key's public key and chain, empty for none
 * @param plainHttp             a client for plain {@code http://} only, which never sets up TLS
 */
public record TransportSettings(Duration connectTimeout, String proxy, String trustFingerprint,
                                String clientKeyFingerprint, boolean plainHttp) {
    /** Checks the fields. */
    public TransportSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(trustFingerprint, "trustFingerprint");
        Objects.requireNonNull(clientKeyFingerprint, "clientKeyFingerprint");
    }

    /** Whether the client needs a TLS context of its own rather than the JVM's default one. */
    boolean customTls() {
        return !plainHttp && !(trustFingerprint.isEmpty() && clientKeyFingerprint.isEmpty());
    }
}
