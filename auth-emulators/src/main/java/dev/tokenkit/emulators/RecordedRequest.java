package dev.tokenkit.emulators;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request that a {@link FakeTokenServer} received: an immutable value.
 *
 * <p>Header names are case-insensitive: {@link #header(String)} accepts any case, and
 * {@link #headers()} uses lower-case names. {@link #toString()} shows the method, path and
 * header names only, never header values, the query or the body, because in token tests those
 * hold secrets.
 */
public final class RecordedRequest {

    private final int sequence;
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Instant receivedAt;
    private final List<X509Certificate> clientCertificates;

    RecordedRequest(int sequence, String method, String path, String query,
            Map<String, List<String>> headers, byte[] body, Instant receivedAt,
            List<X509Certificate> clientCertificates) {
        this.sequence = sequence;
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.query = query;
        this.headers = lowerCaseCopy(headers);
        this.body = body.clone();
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
        this.clientCertificates = List.copyOf(clientCertificates);
    }

    /**
     * The position of this request among all the server received since it started or was last
     * {@linkplain FakeTokenServer#reset() reset}, counting from 1.
     *
     * @return the 1-based arrival number
     */
    public int sequence() {
        return sequence;
    }

    /**
     * The request method, as sent (for example {@code POST}).
     *
     * @return the method
     */
    public String method() {
        return method;
    }

    /**
     * The raw (still percent-encoded) path, for example {@code /oauth2/token:generate}.
     *
     * @return the path, never {@code null}
     */
    public String path() {
        return path;
    }

    /**
     * The raw (still percent-encoded) query string, without the {@code ?}.
     *
     * @return the query, or {@code null} when the request had none
     */
    public String query() {
        return query;
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, in any case
     * @return the first value, or empty when the header was not sent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * All headers, with lower-case names, each with its values in the order received.
     *
     * @return an unmodifiable map sorted by name
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * The body decoded as UTF-8.
     *
     * @return the body; empty when there was none
     */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as sent.
     *
     * @return a copy of the body bytes; empty when there was none
     */
    public byte[] bodyBytes() {
        return body.clone();
    }

    /**
     * When the server finished reading the request, by the system clock.
     *
     * @return the arrival time
     */
    public Instant receivedAt() {
        return receivedAt;
    }

    /**
     * The certificate chain the client presented in the TLS handshake, leaf first, on a server
     * {@linkplain FakeTokenServer#startHttps(int) started with HTTPS}. The server accepts any
     * chain: nothing about it is verified but that the client holds the leaf's private key.
     *
     * @return the chain; empty over plain HTTP or when the client presented none
     */
    public List<X509Certificate> clientCertificates() {
        return clientCertificates;
    }

    /**
     * Method, path and header names, for test failure messages. Header values, the query and
     * the body are left out because they may hold secrets.
     *
     * @return a description without secrets
     */
    @Override
    public String toString() {
        return "RecordedRequest[#" + sequence + ' ' + method + ' ' + path
                + (query == null ? "" : "?…") + " headers=" + headers.keySet()
                + " body=" + body.length + " bytes]";
    }

    private static Map<String, List<String>> lowerCaseCopy(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new TreeMap<>();
        headers.forEach((name, values) -> copy
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>())
                .addAll(values));
        copy.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(copy);
    }
}
