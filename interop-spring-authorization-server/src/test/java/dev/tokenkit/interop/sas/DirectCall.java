package dev.tokenkit.interop.sas;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The token request made without tokenkit, by the JDK's HttpClient: the control that shows a
 * test's server and credentials are right, so that a failing tokenkit row points at tokenkit.
 */
final class DirectCall {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private DirectCall() {
    }

    /** POSTs {@code form} to {@code endpoint} over plain HTTP; the answer's status and body. */
    static HttpResponse<String> post(URI endpoint, Map<String, String> form) throws IOException, InterruptedException {
        return post(HttpClient.newBuilder().connectTimeout(TIMEOUT).build(), endpoint, form);
    }

    /** POSTs {@code form} over HTTPS, trusting {@code trustStore} and presenting the key of {@code keyStore} (PKCS#12). */
    static HttpResponse<String> post(URI endpoint, Map<String, String> form, Path trustStore, Path keyStore, String password)
            throws IOException, InterruptedException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore, password), password.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore, password));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return post(HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(tls).build(), endpoint, form);
    }

    private static HttpResponse<String> post(HttpClient client, URI endpoint, Map<String, String> form)
            throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
