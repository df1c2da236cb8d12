package dev.tokenkit.testkit;

import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.RateLimitedException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The fault matrix every provider survives, as data: transport faults (nothing listening, a
 * connection reset, a server that never answers, a redirect), error statuses (a 429 or 5xx stays
 * retryable whatever error code its JSON body carries), hostile success bodies, and a token
 * endpoint that echoes what it received (headers, Basic credentials, body; as received,
 * URL-encoded, in Base64) in its error body and its {@code WWW-Authenticate} challenge. {@link TokenProviderContract} runs each row against the provider under test and sweeps
 * what it showed for secrets; another suite can run the same rows through anything else that
 * fetches tokens, for example the {@code tokenkit token} command:
 *
 * <pre>{@code
 * String token = "tk_matrix_4f1c9a";      // put into every token-shaped answer; must never be shown
 * List<FaultRow> rows = FaultRows.of(
 *         (value, lifetimeJson) -> "{\"accessToken\":\"" + value + "\",\"expiresIn\":" + lifetimeJson + "}",
 *         FakeResponse.status(401).json("{\"message\":\"Unauthorized\"}"),
 *         token);
 * for (FaultRow row : rows) {
 *     try (FakeTokenServer server = FakeTokenServer.start()) {
 *         URI base = row.script(server);
 *         // tokenkit token symbl -c base-url=<base> -c request-timeout=500ms ... --retries 0
 *         // then: the exit code of row.expected(), and neither the secret nor the token printed
 *     }
 * }
 * }</pre>
 *
 * <p>Every row ends in an error after at most one request per fetch; run them with
 * {@code request-timeout} set to {@link #REQUEST_TIMEOUT}, which ends the silent server's row.
 * Rows whose outcome only tokenkit's engine decides (retry and backoff, {@code Retry-After}
 * waits, rate-limit storms, 10 MB bodies, deep nesting, trickled bodies) are tested once in
 * auth-core's own tests, not per provider; see {@code docs/reliability.md}.
 */
public final class FaultRows {
    /** The {@code request-timeout} to run the rows with: it cuts the silent server's row short. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

    /** A host that never resolves (RFC 6761), as the target of the redirect row. */
    static final String REDIRECT_TARGET = "http://redirect-target.invalid/steal";

    private FaultRows() {
    }

    /**
     * The standard rows for one vendor's answers.
     *
     * @param successBody        the vendor's success body for a token value and a lifetime given
     *                           as a JSON literal (the contract's {@code successBody} hook)
     * @param invalidCredentials the vendor's answer to invalid credentials
     * @param token              the token value put into every token-shaped answer: a value
     *                           without whitespace, distinctive enough to search output for
     * @return the rows, in a stable order
     * @throws NullPointerException if an argument is {@code null}
     */
    public static List<FaultRow> of(BiFunction<String, String, String> successBody, FakeResponse invalidCredentials,
                                    String token) {
        Objects.requireNonNull(successBody, "successBody");
        Objects.requireNonNull(invalidCredentials, "invalidCredentials");
        Objects.requireNonNull(token, "token");
        String success = successBody.apply(token, "3600");
        List<FaultRow> rows = new ArrayList<>(List.of(
                // transport: a provider that bypasses ProviderContext.http() fails these
                FaultRow.of("connection refused (nothing listens)", ProviderUnavailableException.class),
                FaultRow.of("connection reset mid-body", ProviderUnavailableException.class,
                        FakeResponse.ok(success).resetMidBody()),
                FaultRow.of("server accepts and never answers (request-timeout 500 ms)", ProviderUnavailableException.class,
                        FakeResponse.ok(success).neverAnswer()),
                status(FaultRow.of("302 redirect to another host, not followed", TokenRequestRejectedException.class,
                        FakeResponse.status(302).header("Location", REDIRECT_TARGET)), 302),
                // statuses: the provider's error mapping
                invalidCredentials(invalidCredentials),
                retryAfter(status(FaultRow.of("HTTP 429 with Retry-After: 7, carried by the error", RateLimitedException.class,
                        FakeResponse.status(429).header("Retry-After", "7").json("{\"message\":\"slow down\"}")), 429), 7),
                status(FaultRow.of("HTTP 500 with a token in the body", ProviderUnavailableException.class,
                        FakeResponse.status(500).json(success)), 500),
                status(FaultRow.of("HTTP 502 with a gateway's HTML page", ProviderUnavailableException.class,
                        FakeResponse.status(502).header("Content-Type", "text/html")
                                .body("<html><body><h1>502 Bad Gateway</h1></body></html>")), 502),
                retryAfter(status(FaultRow.of("HTTP 503 with Retry-After: 30, carried by the error",
                        ProviderUnavailableException.class, FakeResponse.status(503).header("Retry-After", "30")
                                .json("{\"message\":\"maintenance\"}")), 503), 30),
                status(FaultRow.of("HTTP 400 with a JSON error", TokenRequestRejectedException.class,
                        FakeResponse.status(400).json("{\"message\":\"bad input\"}")), 400),
                status(FaultRow.of("HTTP 404 with an empty body", TokenRequestRejectedException.class,
                        FakeResponse.status(404)), 404),
                // success bodies: the provider's parsing
                malformed("HTML page with HTTP 200", FakeResponse.status(200).header("Content-Type", "text/html")
                        .body("<html><body><h1>Service temporarily unavailable</h1></body></html>")),
                malformed("empty body with HTTP 200", FakeResponse.status(200).body("")),
                malformed("truncated JSON", FakeResponse.ok(success.substring(0, success.length() / 2))),
                malformed("JSON array instead of an object", FakeResponse.ok("[" + success + "]")),
                malformed("duplicate keys", FakeResponse.ok(success.substring(0, success.lastIndexOf('}')) + ","
                        + success.substring(success.indexOf('{') + 1))),
                malformed("object without the token", FakeResponse.ok("{\"unexpected\":true}")),
                malformed("token of the wrong JSON type (a number)",
                        FakeResponse.ok(successBody.apply("PLACEHOLDER", "3600").replace("\"PLACEHOLDER\"", "12345")))));
        for (String lifetime : List.of("\"abc\"", "-5", "0", "true", "1e10000000000", "NaN", "\"NaN\"",
                "9".repeat(400), "1e-30000000")) {
            String shown = lifetime.length() > 20 ? "of " + lifetime.length() + " digits" : lifetime;
            if (lifetime.equals("1e-30000000")) {
                shown += " (tiny, with a huge exponent)";
            }
            rows.add(malformed("lifetime " + shown, FakeResponse.ok(successBody.apply(token, lifetime))));
        }
        rows.add(malformed("token with CR/LF (header injection)",
                FakeResponse.ok(successBody.apply(token + "\\r\\nX-Injected: 1", "3600"))));
        rows.add(malformed("token with spaces", FakeResponse.ok(successBody.apply(token + " extra", "3600"))));
        rows.add(malformed("token with bytes that are not UTF-8", FakeResponse.status(200)
                .header("Content-Type", "application/json").body(notUtf8(successBody, token))));
        // a 429 or 5xx stays retryable whatever error code its body carries
        rows.add(status(FaultRow.of("HTTP 429 with an OAuth error body (error=invalid_request)", RateLimitedException.class,
                FakeResponse.status(429).json("{\"error\":\"invalid_request\",\"error_description\":\"too many"
                        + " requests\"}")), 429));
        rows.add(status(FaultRow.of("HTTP 500 with an OAuth error body (error=server_error)", ProviderUnavailableException.class,
                FakeResponse.status(500).json("{\"error\":\"server_error\",\"error_description\":\"try again"
                        + " later\"}")), 500));
        rows.add(status(FaultRow.of("HTTP 503 with an OAuth error body (error=invalid_client)", ProviderUnavailableException.class,
                FakeResponse.status(503).json("{\"error\":\"invalid_client\",\"error_description\":\"client"
                        + " registry unavailable\"}")), 503));
        rows.addAll(echoRows());
        return List.copyOf(rows);
    }

    /**
     * A token endpoint that rejects the client and echoes what it received, in one form each, in
     * its error body ({@code error_description}, JSON-escaped) and in its {@code WWW-Authenticate}
     * challenge: the request's headers, its Basic credentials decoded ({@code id:secret}) and its
     * body, as received, URL-encoded or in Base64. The hygiene sweep then searches for every form
     * of the secrets.
     */
    private static List<FaultRow> echoRows() {
        Map<String, Function<RecordedRequest, String>> echoes = new LinkedHashMap<>();
        echoes.put("the request headers", FaultRows::headers);
        echoes.put("the request headers URL-encoded", r -> url(headers(r)));
        echoes.put("the Basic credentials decoded", FaultRows::basicDecoded);
        echoes.put("the Basic credentials decoded, in URL-safe Base64 after one byte",
                r -> base64("x" + basicDecoded(r), Base64.getUrlEncoder().withoutPadding()));
        echoes.put("the request body", RecordedRequest::body);
        echoes.put("the request body URL-encoded", r -> url(r.body()));
        echoes.put("the request body in Base64", r -> base64(r.body(), Base64.getEncoder()));
        List<FaultRow> rows = new ArrayList<>();
        echoes.forEach((what, echo) -> {
            rows.add(status(FaultRow.answering("HTTP 401 echoing " + what + " in error_description",
                    InvalidCredentialsException.class, r -> FakeResponse.status(401).json("{\"error\":\"invalid_client\","
                            + "\"error_description\":\"received " + jsonEscaped(echo.apply(r)) + "\"}")), 401));
            rows.add(status(FaultRow.answering("HTTP 401 echoing " + what + " in WWW-Authenticate",
                    InvalidCredentialsException.class, r -> FakeResponse.status(401).header("WWW-Authenticate",
                            "Basic realm=\"token\", error=\"invalid_client\", error_description=\"received "
                                    + quoted(echo.apply(r)) + "\"")), 401));
        });
        return rows;
    }

    private static String headers(RecordedRequest r) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(r.headers()).forEach((name, values) -> b.append(name).append(": ").append(String.join(", ", values))
                .append("; "));
        return b.toString();
    }

    private static String basicDecoded(RecordedRequest r) {
        String header = r.header("Authorization").orElse("");
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "no Basic credentials";
        }
        try {
            return new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "Basic credentials that are not Base64";
        }
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String base64(String s, Base64.Encoder encoder) {
        return encoder.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String jsonEscaped(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The text as the inside of a quoted string in a header: ASCII only, quotes and backslashes escaped. */
    private static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(c < 0x20 || c > 0x7e ? '?' : c);
            }
        }
        return b.toString();
    }

    private static FaultRow invalidCredentials(FakeResponse answer) {
        FaultRow row = FaultRow.of("invalid credentials, as the vendor answers them", InvalidCredentialsException.class, answer);
        // a vendor that signals invalid credentials in a 2xx envelope has no error status to carry
        return answer.statusCode() >= 400 ? status(row, answer.statusCode()) : row;
    }

    private static FaultRow malformed(String name, FakeResponse answer) {
        return FaultRow.of(name, MalformedResponseException.class, answer);
    }

    private static FaultRow status(FaultRow row, int status) {
        return row.carrying("httpStatus()", TokenException::httpStatus, OptionalInt.of(status));
    }

    private static FaultRow retryAfter(FaultRow row, long seconds) {
        return row.carrying("retryAfter()", TokenException::retryAfter, Optional.of(Duration.ofSeconds(seconds)));
    }

    /** A success body whose token is followed by bytes that are not UTF-8. */
    private static byte[] notUtf8(BiFunction<String, String, String> successBody, String token) {
        String body = successBody.apply(token + "PLACEHOLDER", "3600");
        int at = body.indexOf("PLACEHOLDER");
        byte[] head = body.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = body.substring(at + "PLACEHOLDER".length()).getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
        byte[] out = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bad, 0, out, head.length, bad.length);
        System.arraycopy(tail, 0, out, head.length + bad.length, tail.length);
        return out;
    }
}
