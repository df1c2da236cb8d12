package dev.tokenkit.emulators;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One scripted answer of a {@link FakeTokenServer}: an immutable value built fluently, where
 * every method returns a new response and leaves the receiver unchanged.
 *
 * <pre>{@code
 * server.enqueue(
 *         FakeResponse.ok("{\"accessToken\":\"abc\",\"expiresIn\":3600}"),
 *         FakeResponse.status(503).delay(Duration.ofMillis(200)),
 *         FakeResponse.status(200).dropConnection());
 * }</pre>
 *
 * <p>Besides well-formed answers it scripts the failures that a token client must survive:
 * a {@linkplain #delay(Duration) slow answer}, a {@linkplain #dropConnection() dropped
 * connection}, a {@linkplain #resetMidBody() body cut short}, a {@linkplain #trickle(int, Duration)
 * trickled body}, an {@linkplain #oversized(long) oversized body} and a request that is
 * {@linkplain #neverAnswer() never answered}. All waiting ends when the server is closed.
 *
 * <p>The server computes the framing headers ({@code Content-Length}, {@code Transfer-Encoding})
 * itself; only {@link #resetMidBody()} makes it lie about the length.
 */
public final class FakeResponse {

    /** What the server does with the connection, apart from the ordinary answer. */
    enum Mode {
        ANSWER, DROP_CONNECTION, RESET_MID_BODY, NEVER_ANSWER
    }

    private static final byte[] NO_BODY = new byte[0];

    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final Duration delay;
    private final Mode mode;
    private final int trickleBytes;
    private final Duration trickleInterval;
    private final long oversizedLength;
    private final boolean chunked;

    private FakeResponse(int status, List<Map.Entry<String, String>> headers, byte[] body,
            Duration delay, Mode mode, int trickleBytes, Duration trickleInterval,
            long oversizedLength, boolean chunked) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.delay = delay;
        this.mode = mode;
        this.trickleBytes = trickleBytes;
        this.trickleInterval = trickleInterval;
        this.oversizedLength = oversizedLength;
        this.chunked = chunked;
    }

    /**
     * Starts a response with the given status code, no headers and no body.
     *
     * @param status the HTTP status code, from 200 to 599 (1xx codes are interim answers that a
     *               server cannot send on their own)
     * @return a new response
     * @throws IllegalArgumentException if {@code status} is outside 200..599
     */
    public static FakeResponse status(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException(
                    "FakeResponse: status must be between 200 and 599, was " + status);
        }
        return new FakeResponse(status, List.of(), NO_BODY, Duration.ZERO, Mode.ANSWER, 0,
                Duration.ZERO, -1, false);
    }

    /**
     * A {@code 200 OK} with the given JSON body and {@code Content-Type: application/json}.
     *
     * @param json the body, sent as UTF-8
     * @return a new response
     */
    public static FakeResponse ok(String json) {
        return status(200).json(json);
    }

    /**
     * Sets a JSON body (UTF-8) and replaces any {@code Content-Type} with
     * {@code application/json}.
     *
     * @param json the body; it is sent as given, so it may well be invalid JSON on purpose
     * @return a new response
     */
    public FakeResponse json(String json) {
        Objects.requireNonNull(json, "json");
        List<Map.Entry<String, String>> newHeaders = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            if (!header.getKey().equalsIgnoreCase("Content-Type")) {
                newHeaders.add(header);
            }
        }
        newHeaders.add(Map.entry("Content-Type", "application/json"));
        return withHeaders(newHeaders).body(json);
    }

    /**
     * Sets the body to the UTF-8 bytes of a string; no {@code Content-Type} is implied.
     *
     * @param body the body
     * @return a new response
     * @throws IllegalStateException if the status is 204 or 304, which have no body
     */
    public FakeResponse body(String body) {
        Objects.requireNonNull(body, "body");
        return body(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets the body to the given bytes (copied); no {@code Content-Type} is implied.
     *
     * @param body the body
     * @return a new response
     * @throws IllegalStateException if the status is 204 or 304, which have no body
     */
    public FakeResponse body(byte[] body) {
        Objects.requireNonNull(body, "body");
        if (body.length > 0) {
            requireBodyAllowed("body");
        }
        return new FakeResponse(status, headers, body.clone(), delay, mode, trickleBytes,
                trickleInterval, oversizedLength, chunked);
    }

    /**
     * Adds a response header; calling it again with the same name adds another value.
     *
     * @param name  the header name
     * @param value the header value
     * @return a new response
     * @throws IllegalArgumentException if the name or value contains CR or LF, or the name is
     *                                  blank
     */
    public FakeResponse header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isBlank() || containsLineBreak(name) || containsLineBreak(value)) {
            throw new IllegalArgumentException(
                    "FakeResponse: header name must not be blank and neither name nor value may"
                            + " contain CR or LF: '" + name + "'");
        }
        List<Map.Entry<String, String>> newHeaders = new ArrayList<>(headers);
        newHeaders.add(Map.entry(name, value));
        return withHeaders(newHeaders);
    }

    /**
     * Waits this long after receiving the request before answering (or before dropping the
     * connection). The wait ends early when the server is closed.
     *
     * @param delay how long to wait; zero for no wait
     * @return a new response
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public FakeResponse delay(Duration delay) {
        requireNotNegative(delay, "delay");
        return new FakeResponse(status, headers, body, delay, mode, trickleBytes,
                trickleInterval, oversizedLength, chunked);
    }

    /**
     * Reads the request, then closes the connection without sending a single byte of response.
     * An HTTP client sees an {@link java.io.IOException}.
     *
     * @return a new response
     * @throws IllegalStateException if another connection behaviour was already chosen
     */
    public FakeResponse dropConnection() {
        return withMode(Mode.DROP_CONNECTION, "dropConnection()");
    }

    /**
     * Sends the status line and headers with a {@code Content-Length} larger than what follows,
     * sends the first half of the body, then closes the connection. An HTTP client sees an
     * {@link java.io.IOException} while reading the body. A response without a body declares
     * one byte and sends none.
     *
     * @return a new response
     * @throws IllegalStateException if another connection behaviour was already chosen, or the
     *                               status is 204 or 304
     */
    public FakeResponse resetMidBody() {
        requireBodyAllowed("resetMidBody()");
        return withMode(Mode.RESET_MID_BODY, "resetMidBody()");
    }

    /**
     * Holds the request unanswered until the server is closed; then the connection is closed.
     * Use it with a client-side timeout, or to prove that closing does not hang.
     *
     * @return a new response
     * @throws IllegalStateException if another connection behaviour was already chosen
     */
    public FakeResponse neverAnswer() {
        return withMode(Mode.NEVER_ANSWER, "neverAnswer()");
    }

    /**
     * Sends the body slowly: {@code bytesPerChunk} bytes at a time, flushed, with
     * {@code interval} between chunks. The headers go out at once.
     *
     * @param bytesPerChunk how many bytes to send at a time, at least 1
     * @param interval      the pause between chunks; not negative
     * @return a new response
     * @throws IllegalArgumentException if {@code bytesPerChunk} is less than 1 or
     *                                  {@code interval} is negative
     * @throws IllegalStateException    if the status is 204 or 304
     */
    public FakeResponse trickle(int bytesPerChunk, Duration interval) {
        if (bytesPerChunk < 1) {
            throw new IllegalArgumentException(
                    "FakeResponse: bytesPerChunk must be at least 1, was " + bytesPerChunk);
        }
        requireNotNegative(interval, "interval");
        requireBodyAllowed("trickle(…)");
        return new FakeResponse(status, headers, body, delay, mode, bytesPerChunk, interval,
                oversizedLength, chunked);
    }

    /**
     * Sends a body of exactly {@code bytes} bytes without holding it in memory: the scripted
     * body (if any) followed by ASCII spaces. A JSON body stays valid JSON this way, so only a
     * size limit on the client rejects it.
     *
     * @param bytes the total body length; at least the length of the scripted body
     * @return a new response
     * @throws IllegalArgumentException if {@code bytes} is shorter than the scripted body
     * @throws IllegalStateException    if the status is 204 or 304
     */
    public FakeResponse oversized(long bytes) {
        if (bytes < body.length) {
            throw new IllegalArgumentException("FakeResponse: oversized length " + bytes
                    + " is shorter than the scripted body (" + body.length + " bytes)");
        }
        requireBodyAllowed("oversized(…)");
        return new FakeResponse(status, headers, body, delay, mode, trickleBytes,
                trickleInterval, bytes, chunked);
    }

    /**
     * Sends the body with {@code Transfer-Encoding: chunked} instead of a
     * {@code Content-Length}, so that the client learns the size only by reading.
     *
     * @return a new response
     * @throws IllegalStateException if the status is 204 or 304
     */
    public FakeResponse chunked() {
        requireBodyAllowed("chunked()");
        return new FakeResponse(status, headers, body, delay, mode, trickleBytes,
                trickleInterval, oversizedLength, true);
    }

    /**
     * The HTTP status code.
     *
     * @return the status code
     */
    public int statusCode() {
        return status;
    }

    /**
     * A description for test failure messages: status, header names, body length and the
     * scripted behaviour. Header values and the body are left out, since they may hold secrets.
     *
     * @return a description without header values or body
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("FakeResponse[").append(status);
        if (!headers.isEmpty()) {
            text.append(" headers=")
                    .append(headers.stream().map(Map.Entry::getKey).toList());
        }
        text.append(" body=").append(bodyLength()).append(" bytes");
        if (mode != Mode.ANSWER) {
            text.append(' ').append(mode.name().toLowerCase(Locale.ROOT));
        }
        if (!delay.isZero()) {
            text.append(" delay=").append(delay);
        }
        if (trickleBytes > 0) {
            text.append(" trickle=").append(trickleBytes).append('/').append(trickleInterval);
        }
        if (chunked) {
            text.append(" chunked");
        }
        return text.append(']').toString();
    }

    // --- used by FakeTokenServer ---

    List<Map.Entry<String, String>> headers() {
        return headers;
    }

    Duration delay() {
        return delay;
    }

    Mode mode() {
        return mode;
    }

    boolean isChunked() {
        return chunked;
    }

    /** Bytes per write; the trickle chunk size, or a buffer size when not trickling. */
    int chunkSize() {
        return trickleBytes > 0 ? trickleBytes : 8192;
    }

    /** The pause between chunks; zero when not trickling. */
    Duration chunkInterval() {
        return trickleBytes > 0 ? trickleInterval : Duration.ZERO;
    }

    long bodyLength() {
        return oversizedLength >= 0 ? oversizedLength : body.length;
    }

    /**
     * Fills {@code buffer[0, length)} with body bytes from {@code position} on: the scripted
     * body, then spaces up to the oversized length.
     */
    void fill(long position, byte[] buffer, int length) {
        int filled = 0;
        if (position < body.length) {
            filled = (int) Math.min(length, body.length - position);
            System.arraycopy(body, (int) position, buffer, 0, filled);
        }
        for (int i = filled; i < length; i++) {
            buffer[i] = ' ';
        }
    }

    boolean bodyAllowed() {
        return status != 204 && status != 304;
    }

    private FakeResponse withHeaders(List<Map.Entry<String, String>> newHeaders) {
        return new FakeResponse(status, newHeaders, body, delay, mode, trickleBytes,
                trickleInterval, oversizedLength, chunked);
    }

    private FakeResponse withMode(Mode newMode, String what) {
        if (mode != Mode.ANSWER && mode != newMode) {
            throw new IllegalStateException("FakeResponse: " + what + " cannot be combined with "
                    + mode.name().toLowerCase(Locale.ROOT) + "; choose one connection behaviour");
        }
        return new FakeResponse(status, headers, body, delay, newMode, trickleBytes,
                trickleInterval, oversizedLength, chunked);
    }

    private void requireBodyAllowed(String what) {
        if (!bodyAllowed()) {
            throw new IllegalStateException(
                    "FakeResponse: a " + status + " response has no body, so " + what
                            + " does not apply");
        }
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(
                    "FakeResponse: " + name + " must not be negative, was " + duration);
        }
    }

    private static boolean containsLineBreak(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    }
}
