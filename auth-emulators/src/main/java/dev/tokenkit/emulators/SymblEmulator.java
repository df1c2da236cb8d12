package dev.tokenkit.emulators;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An emulator of Symbl.ai's token endpoint, {@code POST /oauth2/token:generate}, on a
 * {@link FakeTokenServer}: real HTTP on loopback, faithful to Symbl's documentation, including
 * its server-side token cache.
 *
 * <pre>{@code
 * try (SymblEmulator symbl = SymblEmulator.builder().clock(clock).start()) {
 *     // point the client at symbl.baseUri(), with SymblEmulator.DEMO_APP_ID and DEMO_APP_SECRET
 *     symbl.server().enqueue(FakeResponse.status(503));   // the next request fails, as scripted
 * }
 * }</pre>
 *
 * <p><b>Requests.</b> The emulator answers, in this order of checks:
 * <ul>
 *   <li>any path but {@value #TOKEN_PATH}: {@code 404} {@code {"message":"Not Found…"}};</li>
 *   <li>any method but {@code POST}: {@code 405} with {@code Allow: POST};</li>
 *   <li>a {@code Content-Type} other than {@code application/json} (parameters such as
 *       {@code charset} are allowed), a body that is not a JSON object, or one without
 *       {@code "type":"application"} and the strings {@code appId} and {@code appSecret}:
 *       {@code 400} with the message {@link #BAD_REQUEST_MESSAGE}, as Symbl documents it;</li>
 *   <li>an {@code appId}/{@code appSecret} combination other than the configured one:
 *       {@code 401} with the message {@link #UNAUTHORIZED_MESSAGE};</li>
 *   <li>otherwise {@code 200} {@code {"accessToken":"<JWT>","expiresIn":<seconds>}}.</li>
 * </ul>
 * Every rejection also carries an {@code X-Emulator-Reason} header that says in words what was
 * wrong (it names fields, never their values), since Symbl's own {@code 400} message does not.
 *
 * <p><b>The server-side cache.</b> Symbl documents that a generated token is held in a cache
 * "until it is near expiration", and that asking again meanwhile returns the same token with
 * the remaining lifetime. The emulator keeps one token per {@code appId}: while it has more than
 * {@linkplain Builder#renewWithin(Duration) renewWithin} left, every request gets that token
 * with {@code expiresIn} set to the whole seconds remaining; after that, a new token with the
 * full {@linkplain Builder#tokenLifetime(Duration) lifetime} replaces it. How near "near
 * expiration" is, Symbl does not say; the emulator's default is
 * {@link #DEFAULT_RENEW_WITHIN}.
 *
 * <p><b>Tokens.</b> JWT-shaped: header {@code {"alg":"HS256","typ":"JWT"}}, claims
 * {@code iss} ({@value #ISSUER}), {@code sub} (the appId), {@code iat}, {@code exp}
 * ({@code iat} plus the lifetime) and a random {@code jti}, signed with the emulator's own key,
 * which its {@linkplain #protectedEndpoint() protected API} checks. Times are whole epoch seconds: the issue instant is the emulator clock truncated to
 * the second.
 *
 * <p><b>Scripted faults.</b> The emulator is the {@linkplain FakeTokenServer#respondWith
 * fallback} of its {@link #server()}: responses {@linkplain FakeTokenServer#enqueue enqueued}
 * there answer first, one request each, and the emulator answers when the queue is empty.
 *
 * <p>Thread-safe: requests are handled concurrently, and concurrent first requests all get the
 * one token that the first of them caused to be issued.
 */
public final class SymblEmulator extends VendorEmulator {

    /** The token endpoint's path. */
    public static final String TOKEN_PATH = "/oauth2/token:generate";
    /** The default app ID ({@code demo-app-id}). */
    public static final String DEMO_APP_ID = "demo-app-id";
    /** The default app secret ({@code demo-app-secret}); a demo value, not a secret. */
    public static final String DEMO_APP_SECRET = "demo-app-secret";
    /** The default token lifetime: Symbl's documented 86400 seconds (24 hours). */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(86_400);
    /** The default for how near expiry the cached token is replaced: 5 minutes. */
    public static final Duration DEFAULT_RENEW_WITHIN = Duration.ofMinutes(5);
    /** The message of every {@code 400}, as Symbl's documentation gives it. */
    public static final String BAD_REQUEST_MESSAGE =
            "Bad Request! Please refer docs for correct input fields.";
    /** The message of every {@code 401}, as Symbl's documentation gives it. */
    public static final String UNAUTHORIZED_MESSAGE =
            "Unauthorized. Please generate a new access token.";
    /** The {@code iss} claim of the emulator's tokens. */
    public static final String ISSUER = "symbl-emulator";

    private final InstantSource clock;
    private final String appId;
    private final String appSecret;
    private final Duration tokenLifetime;
    private final Duration renewWithin;

    /** The cached token per appId; guarded by itself, so one token is issued at a time. */
    private final Map<String, Issued> cache = new HashMap<>();

    private SymblEmulator(Builder builder) {
        super(TOKEN_PATH, builder);
        this.clock = builder.clock();
        this.appId = builder.appId;
        this.appSecret = builder.appSecret;
        this.tokenLifetime = builder.tokenLifetime;
        this.renewWithin = builder.renewWithin;
    }

    /**
     * A builder with the defaults: the system clock, {@link #DEMO_APP_ID} and
     * {@link #DEMO_APP_SECRET}, a lifetime of {@link #DEFAULT_TOKEN_LIFETIME} and renewal within
     * {@link #DEFAULT_RENEW_WITHIN} of expiry.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an emulator with all the {@linkplain #builder() defaults}.
     *
     * @return the running emulator; close it when done
     * @throws java.io.UncheckedIOException if no port could be bound
     */
    public static SymblEmulator start() {
        return builder().start();
    }

    /** Forgets the cached tokens. */
    @Override
    protected void forget() {
        synchronized (cache) {
            cache.clear();
        }
    }

    /**
     * The address, the app ID and how many tokens were issued; never the secret or a token.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "SymblEmulator[" + baseUri() + ", appId=" + appId + ", " + tokensIssued()
                + " tokens issued]";
    }

    // --- request handling (server threads) ---

    @Override
    protected FakeResponse respond(RecordedRequest request) {
        if (!request.path().equals(TOKEN_PATH)
                && !request.path().equalsIgnoreCase("/oauth2/token%3Agenerate")) {
            return reject(404, "Not Found. Symbl's token endpoint is POST " + TOKEN_PATH,
                    "no endpoint at this path");
        }
        if (!request.method().equals("POST")) {
            return reject(405, "Method Not Allowed. Use POST " + TOKEN_PATH,
                    "only POST is allowed").header("Allow", "POST");
        }
        if (!EmulatorSupport.isJson(request)) {
            return reject(400, BAD_REQUEST_MESSAGE, "Content-Type must be application/json");
        }
        Optional<JsonObject> parsed = EmulatorSupport.parseObject(request.bodyBytes());
        if (parsed.isEmpty()) {
            return reject(400, BAD_REQUEST_MESSAGE, "the body must be a JSON object");
        }
        JsonObject body = parsed.get();
        if (!EmulatorSupport.string(body, "type").filter("application"::equals).isPresent()) {
            return reject(400, BAD_REQUEST_MESSAGE, "\"type\" must be the string \"application\"");
        }
        Optional<String> givenId = EmulatorSupport.string(body, "appId");
        Optional<String> givenSecret = EmulatorSupport.string(body, "appSecret");
        if (givenId.isEmpty() || givenSecret.isEmpty()) {
            return reject(400, BAD_REQUEST_MESSAGE,
                    "\"appId\" and \"appSecret\" must both be present as strings");
        }
        // compare both, always: the answer must not tell which of the two was wrong
        boolean idMatches = EmulatorSupport.sameSecret(appId, givenId.get());
        boolean secretMatches = EmulatorSupport.sameSecret(appSecret, givenSecret.get());
        if (!(idMatches & secretMatches)) {
            return reject(401, UNAUTHORIZED_MESSAGE, "invalid appId and appSecret combination");
        }
        return token(givenId.get());
    }

    private FakeResponse token(String forAppId) {
        String accessToken;
        long expiresIn;
        synchronized (cache) {
            Instant now = clock.instant();
            Issued cached = cache.get(forAppId);
            Duration remaining = cached == null ? Duration.ZERO
                    : Duration.between(now, cached.expiresAt());
            if (remaining.compareTo(renewWithin) > 0 && remaining.getSeconds() >= 1) {
                accessToken = cached.token();
                expiresIn = remaining.getSeconds();
            } else {
                Issued issued = issue(forAppId, now);
                cache.put(forAppId, issued);
                countIssued();
                accessToken = issued.token();
                expiresIn = tokenLifetime.getSeconds();
            }
        }
        return FakeResponse.ok(EmulatorSupport.object()
                .add("accessToken", accessToken)
                .add("expiresIn", expiresIn)
                .build()
                .toString());
    }

    private Issued issue(String forAppId, Instant now) {
        long iat = now.getEpochSecond();
        long exp = iat + tokenLifetime.getSeconds();
        JsonObject claims = EmulatorSupport.object()
                .add("iss", ISSUER)
                .add("sub", forAppId)
                .add("iat", iat)
                .add("exp", exp)
                .add("jti", UUID.randomUUID().toString())
                .build();
        return new Issued(jwt(claims), Instant.ofEpochSecond(exp));
    }

    private static FakeResponse reject(int status, String message, String reason) {
        return FakeResponse.status(status)
                .header(EmulatorSupport.REASON_HEADER, reason)
                .json(EmulatorSupport.object().add("message", message).build().toString());
    }

    /** A token in the cache and when it expires. */
    private record Issued(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * Configures and starts a {@link SymblEmulator}. Not thread-safe; each setter replaces the
     * earlier value.
     */
    public static final class Builder extends VendorEmulator.Builder<Builder> {
        private String appId = DEMO_APP_ID;
        private String appSecret = DEMO_APP_SECRET;
        private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        private Duration renewWithin = DEFAULT_RENEW_WITHIN;

        private Builder() {
        }

        /**
         * The only app ID and secret combination that the emulator accepts.
         *
         * @param appId     the app ID; the default is {@link #DEMO_APP_ID}
         * @param appSecret the app secret; the default is {@link #DEMO_APP_SECRET}
         * @return this builder
         * @throws IllegalArgumentException if either is blank
         */
        public Builder credentials(String appId, String appSecret) {
            this.appId = EmulatorSupport.requireText(appId, "appId");
            this.appSecret = EmulatorSupport.requireText(appSecret, "appSecret");
            return this;
        }

        /**
         * The lifetime of a newly issued token: its {@code expiresIn} and the distance from its
         * {@code iat} to its {@code exp}.
         *
         * @param tokenLifetime whole seconds, at least one; the default is
         *                      {@link #DEFAULT_TOKEN_LIFETIME}
         * @return this builder
         * @throws IllegalArgumentException if it is not a positive whole number of seconds
         */
        public Builder tokenLifetime(Duration tokenLifetime) {
            this.tokenLifetime = EmulatorSupport.requireSeconds(tokenLifetime, "tokenLifetime", 1);
            return this;
        }

        /**
         * How near its expiry the cached token is replaced: a request that finds the cached
         * token with more than this left gets it again; one that finds it with this much or
         * less left (or expired) gets a new token. Zero keeps the cached token until its last
         * second.
         *
         * @param renewWithin not negative and shorter than the token lifetime; the default is
         *                    {@link #DEFAULT_RENEW_WITHIN}
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder renewWithin(Duration renewWithin) {
            Objects.requireNonNull(renewWithin, "renewWithin");
            if (renewWithin.isNegative()) {
                throw new IllegalArgumentException(
                        "renewWithin must not be negative, was " + renewWithin);
            }
            this.renewWithin = renewWithin;
            return this;
        }

        /**
         * Starts the emulator on {@code 127.0.0.1} and a free port.
         *
         * @return the running emulator; close it when done
         * @throws IllegalStateException        if {@code renewWithin} is not shorter than the
         *                                      token lifetime (every request would then issue
         *                                      a new token, which is no cache at all)
         * @throws java.io.UncheckedIOException if no port could be bound
         */
        public SymblEmulator start() {
            if (renewWithin.compareTo(tokenLifetime) >= 0) {
                throw new IllegalStateException("renewWithin (" + renewWithin
                        + ") must be shorter than tokenLifetime (" + tokenLifetime + ")");
            }
            SymblEmulator emulator = new SymblEmulator(this);
            emulator.plugIn();
            return emulator;
        }
    }
}
