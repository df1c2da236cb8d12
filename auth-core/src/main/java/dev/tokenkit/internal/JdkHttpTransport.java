package dev.tokenkit.internal;

import dev.tokenkit.internal.util.ConfigValues;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.spi.HttpTransport;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;

/**
 * {@link HttpTransport} on {@link HttpClient}: redirects never followed, https only unless
 * loopback or explicitly allowed, a connect timeout, one deadline for the whole exchange
 * (so a body trickled byte by byte cannot hold a caller), and a body size cap.
 */
public final class JdkHttpTransport implements HttpTransport {
    private final String providerId;
    private final TransportConfig config;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final boolean insecureAllowed;
    /** The shared clients this transport uses, held so that the weak cache keeps them while it lives. */
    private volatile HttpClient plainClient;
    private volatile HttpClient tlsClient;

    /** Creates a transport for one provider with the JVM's trust, no proxy and no client certificate. */
    public JdkHttpTransport(String providerId, Duration connectTimeout, Duration requestTimeout,
                            int maxResponseBytes, boolean insecureAllowed) {
        this(providerId, TransportConfig.basic(connectTimeout, requestTimeout, maxResponseBytes, insecureAllowed));
    }

    /** Creates a transport for one provider from its transport options. */
    public JdkHttpTransport(String providerId, TransportConfig config) {
        this.providerId = providerId;
        this.config = config;
        this.requestTimeout = config.requestTimeout();
        this.maxResponseBytes = config.maxResponseBytes();
        this.insecureAllowed = config.insecureAllowed();
    }

    @Override
    public TokenResponse send(TokenRequest request) {
        URI uri = request.uri();
        String problem = ConfigValues.checkTransportSecurity(uri, insecureAllowed);
        if (problem != null) {
            throw new ProviderConfigurationException(providerId, "token endpoint " + uri.getScheme() + "://"
                    + uri.getHost() + " " + problem);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .method(request.method(), "GET".equals(request.method()) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            try {
                b.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // HttpClient reserves some headers (Host, Content-Length, Connection, Expect, Upgrade)
                throw new ProviderConfigurationException(providerId, "the token request sets header '" + header.getKey()
                        + "', which the HTTP client sets itself and does not let a caller set; remove it from the"
                        + " provider's request");
            }
        }
        CompletableFuture<HttpResponse<byte[]>> future = client(uri).sendAsync(b.build(), info -> capped(info, maxResponseBytes));
        try {
            HttpResponse<byte[]> r = future.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return new TokenResponse(uri, r.statusCode(), r.headers().map(), r.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ProviderUnavailableException(providerId, "no complete answer from " + where(uri) + " within "
                    + human(requestTimeout) + " (request-timeout)", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(providerId, "interrupted while waiting for " + where(uri), e);
        } catch (ExecutionException e) {
            throw translate(uri, e.getCause());
        }
    }

    /**
     * The client for the URI's scheme: the one shared by every transport with equal
     * {@link TransportSettings}, created on first use. A plain {@code http://} client never sets up
     * TLS; an https client uses the JVM's default TLS context unless trust anchors or a client key
     * are configured.
     */
    HttpClient client(URI uri) {
        boolean plain = "http".equalsIgnoreCase(uri.getScheme());
        HttpClient client = plain ? plainClient : tlsClient;
        if (client == null) {
            TransportSettings settings = config.settings(plain);
            client = HttpClients.get(settings, () -> build(settings));
            if (plain) {
                plainClient = client;
            } else {
                tlsClient = client;
            }
        }
        return client;
    }

    private HttpClient build(TransportSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout());
        config.proxyAddress().ifPresent(address -> builder.proxy(ProxySelector.of(address)));
        if (settings.plainHttp()) {
            builder.sslContext(NoTlsContext.create()).sslParameters(NoTlsContext.parameters());
        } else if (settings.customTls()) {
            builder.sslContext(config.sslContext());
        }
        return builder.build();
    }

    private RuntimeException translate(URI uri, Throwable cause) {
        if (cause instanceof BodyTooLargeException) {
            return new MalformedResponseException(providerId, null, "the answer from " + where(uri) + " is larger than "
                    + maxResponseBytes + " bytes (max-response-bytes)", null);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new ProviderUnavailableException(providerId, "could not connect to " + where(uri)
                    + " within the connect-timeout", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ProviderUnavailableException(providerId, "no answer from " + where(uri) + " within "
                    + human(requestTimeout) + " (request-timeout)", cause);
        }
        if (cause instanceof ConnectException) {
            return new ProviderUnavailableException(providerId, "could not connect to " + where(uri)
                    + " (connection refused or unreachable)", cause);
        }
        SSLHandshakeException handshake = find(cause, SSLHandshakeException.class);
        if (handshake != null) {
            // a certificate or protocol problem is not an outage: retrying cannot fix it
            return new ProviderConfigurationException(providerId, "TLS handshake with " + uri.getHost() + " failed: "
                    + tlsProblem(handshake, uri.getHost()), handshake);
        }
        if (cause instanceof IOException) {
            return new ProviderUnavailableException(providerId, "I/O error talking to " + where(uri) + ": "
                    + cause.getClass().getSimpleName(), cause);
        }
        return new ProviderUnavailableException(providerId, "request to " + where(uri) + " failed: "
                + cause.getClass().getSimpleName(), cause);
    }

    /** What went wrong in a TLS handshake, and the fix, in words; never a certificate's content. */
    private static String tlsProblem(SSLHandshakeException e, String host) {
        if (find(e, CertificateExpiredException.class) != null) {
            return "the certificate of " + host + " has expired";
        }
        if (find(e, CertificateNotYetValidException.class) != null) {
            return "the certificate of " + host + " is not valid yet (check this machine's clock)";
        }
        if (find(e, CertPathBuilderException.class) != null || find(e, CertPathValidatorException.class) != null) {
            return "certificate not trusted for host " + host + " (self-signed or from a private CA: give the CA"
                    + " with the tls-trust option, or add it to the JVM's trust store with keytool -importcert)";
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("certificate_required") || message.contains("bad_certificate")) {
            return host + " wants a client certificate it accepts (mutual TLS): set tls-client-certificate and"
                    + " tls-client-key, or tls-client-keystore, to a certificate the server trusts";
        }
        CertificateException certificate = find(e, CertificateException.class);
        if (certificate != null && String.valueOf(certificate.getMessage()).toLowerCase(Locale.ROOT).contains("subject")) {
            return "the certificate does not match host " + host + " (check base-url's host name)";
        }
        return "the client and " + host + " could not agree on a secure connection (" + e.getClass().getSimpleName()
                + "); --verbose shows the cause";
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }

    private static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static HttpResponse.BodySubscriber<byte[]> capped(HttpResponse.ResponseInfo info, int max) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new CappedSubscriber(max, declared > max);
    }

    /** Thrown inside the body subscriber when the cap is exceeded. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("body too large");
        }
    }

    /** Collects at most {@code max} bytes, then cancels the exchange. */
    static final class CappedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final boolean rejectUpfront;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        CappedSubscriber(int max, boolean rejectUpfront) {
            this.max = max;
            this.rejectUpfront = rejectUpfront;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            if (rejectUpfront) {
                s.cancel();
                result.completeExceptionally(new BodyTooLargeException());
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : items) {
                int n = buffer.remaining();
                if (out.size() + (long) n > max) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException());
                    return;
                }
                byte[] chunk = new byte[n];
                buffer.get(chunk);
                out.write(chunk, 0, n);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
