package dev.tokenkit.emulators;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JDK HTTP clients for the emulators' HTTPS: trusting one certificate, with or without a client certificate. */
final class TestTls {
    private TestTls() {
    }

    /** A client certificate (self-signed, EC P-256) with this subject, valid for a day from an hour ago. */
    static SelfSignedCertificate clientCertificate(String subject) {
        return SelfSignedCertificate.create(subject, Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(1));
    }

    /** An HTTP/1.1 client that trusts only {@code anchor} and presents {@code client} when not null. */
    static HttpClient client(X509Certificate anchor, SelfSignedCertificate client) throws GeneralSecurityException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("anchor", anchor);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (client != null) {
                keys.setKeyEntry("client", client.privateKey(), new char[0], new Certificate[] {client.certificate()});
            }
            keyManagers.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("an in-memory key store failed", e);
        }
    }
}
