package dev.tokenkit.spi;

import dev.tokenkit.internal.util.RetryAfter;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A token endpoint's answer: status, headers and the whole (size-capped) body.
 * {@link #toString()} shows the status and body size, never the body.
 */
public final class TokenResponse {
    private final URI uri;
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    /**
     * Creates a response.
     *
     * @param uri     the URI that answered
     * @param status  the HTTP status
     * @param headers the headers (names are matched case-insensitively)
     * @param body    the body bytes
     */
    public TokenResponse(URI uri, int status, Map<String, List<String>> headers, byte[] body) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.status = status;
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.headers = java.util.Collections.unmodifiableMap(h);
        this.body = body.clone();
    }

    /**
     * The URI that answered.
     *
     * @return the URI
     */
    public URI uri() {
        return uri;
    }

    /**
     * The HTTP status.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * Whether the status is 2xx.
     *
     * @return {@code true} for success statuses
     */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return the value, if present
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The server's {@code Retry-After} (RFC 9110 §10.2.3), as seconds or an HTTP date.
     *
     * @param now the current instant, by the provider context's clock (for a date)
     * @return how long the server asks to wait (zero for a date in the past, at most a day); empty
     *         when the header is absent or unreadable
     */
    public Optional<Duration> retryAfter(Instant now) {
        return RetryAfter.parse(header("Retry-After").orElse(null), now);
    }

    /**
     * All headers, names matched case-insensitively.
     *
     * @return the headers
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * The body bytes (a copy).
     *
     * @return the body
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body decoded as UTF-8.
     *
     * @return the body text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    byte[] rawBody() {
        return body;
    }

    @Override
    public String toString() {
        return "TokenResponse[" + status + ", " + body.length + " bytes]";
    }
}
