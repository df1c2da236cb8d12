package dev.tokenkit.emulators;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * An emulator of SingleView's token endpoint, {@code POST /v1/api/svplatform/token}, on a
 * {@link FakeTokenServer}: real HTTP on loopback, faithful to SingleView's documentation,
 * including its quirks: {@code expires_in} is a JSON string, the token's JWT {@code exp} comes
 * earlier than {@code expires_in} says, and failures arrive as the envelope
 * {@code {"success":false,"payload":{},"message":"…"}}, when the service is down even with
 * HTTP {@code 200}.
 *
 * <pre>{@code
 * try (SingleViewEmulator singleView = SingleViewEmulator.builder().clock(clock).start()) {
 *     // point the client at singleView.baseUri(), with DEMO_CLIENT_ID, DEMO_CLIENT_CODE and
 *     // DEMO_COMPANY_ID
 *     singleView.down(SingleViewEmulator.CONNECT_REFUSED);   // the documented outage
 *     singleView.up();
 * }
 * }</pre>
 *
 * <p><b>Requests.</b> The emulator answers, in this order of checks, each failure with the
 * envelope and a message that names what was wrong:
 * <ul>
 *   <li>any path but {@value #TOKEN_PATH}: {@code 404};</li>
 *   <li>any method but {@code POST}: {@code 405} with {@code Allow: POST};</li>
 *   <li>a missing or blank header {@code CompanyId}, {@code SVReferenceID},
 *       {@code DateTimeStamp} or {@code Device}; a {@code CompanyId} other than the configured
 *       one; a {@code DateTimeStamp} that is not {@code yyyy-MM-dd'T'HH:mm:ss} or is further
 *       than the {@linkplain Builder#timestampTolerance(Duration) tolerance} from the emulator
 *       clock; a {@code Content-Type} other than {@code application/json}: {@code 400};</li>
 *   <li>a body that is not a JSON object with the strings {@code clientId},
 *       {@code clientCode} and {@code grant_type} equal to {@code client_credentials}:
 *       {@code 400};</li>
 *   <li>a {@code clientId}/{@code clientCode} pair other than the configured one:
 *       {@code 401};</li>
 *   <li>otherwise {@code 200}
 *       {@code {"access_token":"<JWT>","token_type":"Bearer","expires_in":"6000"}}, a new
 *       token for every request (SingleView documents no cache).</li>
 * </ul>
 * Every rejection also carries an {@code X-Emulator-Reason} header. Messages name headers and
 * fields, never the values of credentials.
 *
 * <p><b>Assumptions.</b> SingleView documents neither a tolerance for {@code DateTimeStamp}
 * nor its time zone: the emulator accepts a stamp within {@link #DEFAULT_TIMESTAMP_TOLERANCE}
 * of its clock, read in {@linkplain Builder#timestampZone(ZoneId) UTC} unless configured
 * otherwise. Only the "Connect Refused" envelope is documented; the statuses and messages of
 * the other failures are the emulator's.
 *
 * <p><b>Tokens.</b> JWT-shaped like the vendor's sample: header
 * {@code {"alg":"HS256","typ":"JWT"}}, claims {@code data} (random base64), {@code iat} and
 * {@code exp} ({@code iat} plus the {@linkplain Builder#jwtLifetime(Duration) JWT lifetime},
 * by default 3600 seconds although {@code expires_in} says 6000, as in the sample), and a
 * signature with the emulator's own key, which its {@linkplain #protectedEndpoint() protected
 * API} checks. Times are whole epoch seconds.
 *
 * <p><b>Scripted faults.</b> The emulator is the {@linkplain FakeTokenServer#respondWith
 * fallback} of its {@link #server()}: responses {@linkplain FakeTokenServer#enqueue enqueued}
 * there answer first, one request each, even while the emulator is {@linkplain #down down}.
 *
 * <p>Thread-safe.
 */
public final class SingleViewEmulator extends VendorEmulator {

    /** The token endpoint's path. */
    public static final String TOKEN_PATH = "/v1/api/svplatform/token";
    /** The default client id ({@code demo-client}). */
    public static final String DEMO_CLIENT_ID = "demo-client";
    /** The default client code ({@code demo-client-code}); a demo value, not a secret. */
    public static final String DEMO_CLIENT_CODE = "demo-client-code";
    /** The default company id, expected in the {@code CompanyId} header ({@code DEMOCO}). */
    public static final String DEMO_COMPANY_ID = "DEMOCO";
    /** The default {@code expires_in}: 6000 seconds, as in the vendor's sample. */
    public static final Duration DEFAULT_EXPIRES_IN = Duration.ofSeconds(6000);
    /**
     * The default distance from the JWT's {@code iat} to its {@code exp}: 3600 seconds, as in
     * the vendor's sample token, which is shorter than its {@code expires_in}.
     */
    public static final Duration DEFAULT_JWT_LIFETIME = Duration.ofSeconds(3600);
    /** The default tolerance for {@code DateTimeStamp} (an assumption): 5 minutes. */
    public static final Duration DEFAULT_TIMESTAMP_TOLERANCE = Duration.ofMinutes(5);
    /** The format of the {@code DateTimeStamp} header. */
    public static final String TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss";
    /** The message of the documented failure envelope for an outage. */
    public static final String CONNECT_REFUSED = "Connect Refused";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final String[] REQUIRED_HEADERS =
            {"CompanyId", "SVReferenceID", "DateTimeStamp", "Device"};

    private final InstantSource clock;
    private final String clientId;
    private final String clientCode;
    private final String companyId;
    private final Duration expiresIn;
    private final Duration jwtLifetime;
    private final Duration timestampTolerance;
    private final ZoneId timestampZone;

    /** The answer while down, or {@code null} while up. */
    private volatile Outage outage;

    private SingleViewEmulator(Builder builder) {
        super(TOKEN_PATH, builder);
        this.clock = builder.clock();
        this.clientId = builder.clientId;
        this.clientCode = builder.clientCode;
        this.companyId = builder.companyId;
        this.expiresIn = builder.expiresIn;
        this.jwtLifetime = builder.jwtLifetime;
        this.timestampTolerance = builder.timestampTolerance;
        this.timestampZone = builder.timestampZone;
    }

    /**
     * A builder with the defaults: the system clock, {@link #DEMO_CLIENT_ID},
     * {@link #DEMO_CLIENT_CODE}, {@link #DEMO_COMPANY_ID}, {@code expires_in} of
     * {@link #DEFAULT_EXPIRES_IN}, a JWT lifetime of {@link #DEFAULT_JWT_LIFETIME}, and
     * timestamps within {@link #DEFAULT_TIMESTAMP_TOLERANCE} in UTC.
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
    public static SingleViewEmulator start() {
        return builder().start();
    }

    /**
     * Takes the service down the way SingleView documents it: from now on every request (on
     * any path but the {@linkplain #protectedEndpoint() protected API}'s) is answered HTTP
     * {@code 200} with
     * {@code {"success":false,"payload":{},"message":"Connect Refused"}}.
     *
     * @see #down(String)
     */
    public void down() {
        down(200, CONNECT_REFUSED);
    }

    /**
     * Takes the service down: from now on every request (on any path but the protected API's)
     * is answered HTTP {@code 200} with the failure envelope {@code {"success":false,"payload":{},"message":…}}.
     * The documented message is {@link #CONNECT_REFUSED}.
     *
     * @param message the envelope's message
     */
    public void down(String message) {
        down(200, message);
    }

    /**
     * Takes the service down with another status, for example {@code 503}: from now on every
     * request (on any path but the protected API's) is answered with that status and the
     * failure envelope {@code {"success":false,"payload":{},"message":…}}.
     *
     * @param status  the HTTP status, 200 to 599 except 204 and 304 (which carry no body)
     * @param message the envelope's message
     * @throws IllegalArgumentException if the status is outside that range
     */
    public void down(int status, String message) {
        Objects.requireNonNull(message, "message");
        if (status < 200 || status > 599 || status == 204 || status == 304) {
            throw new IllegalArgumentException("down: status must be 200..599 and carry a body,"
                    + " was " + status);
        }
        outage = new Outage(status, message);
    }

    /** Brings the service back up after {@link #down(int, String)}; harmless when up. */
    public void up() {
        outage = null;
    }

    /**
     * Whether the service is {@linkplain #down(int, String) down}.
     *
     * @return {@code true} while down
     */
    public boolean isDown() {
        return outage != null;
    }

    /** Brings the service {@linkplain #up() up}. */
    @Override
    protected void forget() {
        outage = null;
    }

    /**
     * The address, the client id and company, whether it is down and how many tokens were
     * issued; never the client code or a token.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "SingleViewEmulator[" + baseUri() + ", clientId=" + clientId + ", companyId="
                + companyId + (isDown() ? ", down" : "") + ", " + tokensIssued()
                + " tokens issued]";
    }

    // --- request handling (server threads) ---

    @Override
    protected FakeResponse respond(RecordedRequest request) {
        Outage current = outage;
        if (current != null) {
            return envelope(current.status(), current.message(), "the emulator is down");
        }
        if (!request.path().equals(TOKEN_PATH)) {
            return envelope(404, "Not Found. SingleView's token endpoint is POST " + TOKEN_PATH,
                    "no endpoint at this path");
        }
        if (!request.method().equals("POST")) {
            return envelope(405, "Method Not Allowed. Use POST " + TOKEN_PATH,
                    "only POST is allowed").header("Allow", "POST");
        }
        for (String name : REQUIRED_HEADERS) {
            if (request.header(name).filter(value -> !value.isBlank()).isEmpty()) {
                return badRequest("Missing required header " + name);
            }
        }
        if (!request.header("CompanyId").orElseThrow().strip().equals(companyId)) {
            return badRequest("Invalid header CompanyId: unknown company");
        }
        String timestampProblem = checkTimestamp(request.header("DateTimeStamp").orElseThrow());
        if (timestampProblem != null) {
            return badRequest(timestampProblem);
        }
        if (!EmulatorSupport.isJson(request)) {
            return badRequest("Invalid header Content-Type: must be application/json");
        }
        Optional<JsonObject> parsed = EmulatorSupport.parseObject(request.bodyBytes());
        if (parsed.isEmpty()) {
            return badRequest("Invalid body: must be a JSON object");
        }
        JsonObject body = parsed.get();
        Optional<String> givenId = EmulatorSupport.string(body, "clientId");
        Optional<String> givenCode = EmulatorSupport.string(body, "clientCode");
        if (givenId.isEmpty()) {
            return badRequest("Invalid body: clientId is required and must be a string");
        }
        if (givenCode.isEmpty()) {
            return badRequest("Invalid body: clientCode is required and must be a string");
        }
        if (!EmulatorSupport.string(body, "grant_type").filter("client_credentials"::equals)
                .isPresent()) {
            return badRequest("Invalid body: grant_type must be client_credentials");
        }
        // compare both, always: the answer must not tell which of the two was wrong
        boolean idMatches = EmulatorSupport.sameSecret(clientId, givenId.get());
        boolean codeMatches = EmulatorSupport.sameSecret(clientCode, givenCode.get());
        if (!(idMatches & codeMatches)) {
            return envelope(401, "Unauthorized: invalid clientId or clientCode",
                    "invalid clientId and clientCode combination");
        }
        return token();
    }

    /** Why the stamp is unacceptable, or {@code null} when it is fine. */
    private String checkTimestamp(String value) {
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(value.strip(), TIMESTAMP);
        } catch (DateTimeException e) {
            return "Invalid header DateTimeStamp: must be " + TIMESTAMP_PATTERN;
        }
        Instant stamp = local.atZone(timestampZone).toInstant();
        Instant now = clock.instant();
        Duration off = Duration.between(now, stamp).abs();
        if (off.compareTo(timestampTolerance) > 0) {
            return "Invalid header DateTimeStamp: " + TIMESTAMP.format(local) + " ("
                    + timestampZone + ") is " + off.getSeconds() + " s away from the server time "
                    + TIMESTAMP.format(now.atZone(timestampZone)) + "; the tolerance is "
                    + timestampTolerance.getSeconds() + " s";
        }
        return null;
    }

    private FakeResponse token() {
        long iat = clock.instant().getEpochSecond();
        JsonObject claims = EmulatorSupport.object()
                .add("data", Base64.getEncoder().encodeToString(EmulatorSupport.randomBytes(96)))
                .add("iat", iat)
                .add("exp", iat + jwtLifetime.getSeconds())
                .build();
        String accessToken = jwt(claims);
        countIssued();
        return FakeResponse.ok(EmulatorSupport.object()
                .add("access_token", accessToken)
                .add("token_type", "Bearer")
                .add("expires_in", Long.toString(expiresIn.getSeconds()))
                .build()
                .toString());
    }

    private static FakeResponse badRequest(String message) {
        return envelope(400, message, message);
    }

    private static FakeResponse envelope(int status, String message, String reason) {
        return FakeResponse.status(status)
                .header(EmulatorSupport.REASON_HEADER, EmulatorSupport.printable(reason))
                .json(EmulatorSupport.object()
                        .add("success", false)
                        .add("payload", JsonValue.EMPTY_JSON_OBJECT)
                        .add("message", message)
                        .build()
                        .toString());
    }

    /** How the emulator answers while down. */
    private record Outage(int status, String message) {
    }

    /**
     * Configures and starts a {@link SingleViewEmulator}. Not thread-safe; each setter replaces
     * the earlier value.
     */
    public static final class Builder extends VendorEmulator.Builder<Builder> {
        private String clientId = DEMO_CLIENT_ID;
        private String clientCode = DEMO_CLIENT_CODE;
        private String companyId = DEMO_COMPANY_ID;
        private Duration expiresIn = DEFAULT_EXPIRES_IN;
        private Duration jwtLifetime = DEFAULT_JWT_LIFETIME;
        private Duration timestampTolerance = DEFAULT_TIMESTAMP_TOLERANCE;
        private ZoneId timestampZone = ZoneId.of("UTC");

        private Builder() {
        }

        /**
         * The only client id and code pair that the emulator accepts.
         *
         * @param clientId   the client id; the default is {@link #DEMO_CLIENT_ID}
         * @param clientCode the client code; the default is {@link #DEMO_CLIENT_CODE}
         * @return this builder
         * @throws IllegalArgumentException if either is blank
         */
        public Builder credentials(String clientId, String clientCode) {
            this.clientId = EmulatorSupport.requireText(clientId, "clientId");
            this.clientCode = EmulatorSupport.requireText(clientCode, "clientCode");
            return this;
        }

        /**
         * The company id that the {@code CompanyId} header must equal (exactly, apart from
         * surrounding spaces).
         *
         * @param companyId printable ASCII, not blank; the default is {@link #DEMO_COMPANY_ID}
         * @return this builder
         * @throws IllegalArgumentException if it is blank, has surrounding spaces, or holds a
         *                                  character that an HTTP header cannot carry
         */
        public Builder companyId(String companyId) {
            EmulatorSupport.requireText(companyId, "companyId");
            if (!companyId.equals(companyId.strip()) || !EmulatorSupport.printable(companyId).equals(companyId)) {
                throw new IllegalArgumentException("companyId must be printable ASCII without"
                        + " surrounding spaces, since clients send it as a header");
            }
            this.companyId = companyId;
            return this;
        }

        /**
         * The lifetime that {@code expires_in} announces (as a JSON string of seconds).
         *
         * @param expiresIn whole seconds, at least one; the default is
         *                  {@link #DEFAULT_EXPIRES_IN}
         * @return this builder
         * @throws IllegalArgumentException if it is not a positive whole number of seconds
         */
        public Builder expiresIn(Duration expiresIn) {
            this.expiresIn = EmulatorSupport.requireSeconds(expiresIn, "expiresIn", 1);
            return this;
        }

        /**
         * The distance from the token's JWT {@code iat} to its {@code exp}. The vendor's sample
         * token expires after 3600 seconds while {@code expires_in} says 6000; set both equal
         * to emulate a vendor without that quirk.
         *
         * @param jwtLifetime whole seconds, at least one; the default is
         *                    {@link #DEFAULT_JWT_LIFETIME}
         * @return this builder
         * @throws IllegalArgumentException if it is not a positive whole number of seconds
         */
        public Builder jwtLifetime(Duration jwtLifetime) {
            this.jwtLifetime = EmulatorSupport.requireSeconds(jwtLifetime, "jwtLifetime", 1);
            return this;
        }

        /**
         * How far the {@code DateTimeStamp} header may be from the emulator clock, either way,
         * and still be accepted (inclusive). SingleView documents no tolerance; this is the
         * emulator's assumption.
         *
         * @param timestampTolerance not negative; the default is
         *                           {@link #DEFAULT_TIMESTAMP_TOLERANCE}
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder timestampTolerance(Duration timestampTolerance) {
            Objects.requireNonNull(timestampTolerance, "timestampTolerance");
            if (timestampTolerance.isNegative()) {
                throw new IllegalArgumentException(
                        "timestampTolerance must not be negative, was " + timestampTolerance);
            }
            this.timestampTolerance = timestampTolerance;
            return this;
        }

        /**
         * The time zone in which the emulator reads the {@code DateTimeStamp} header, which
         * carries none. SingleView does not document it; the emulator assumes UTC.
         *
         * @param timestampZone the zone; the default is UTC
         * @return this builder
         */
        public Builder timestampZone(ZoneId timestampZone) {
            this.timestampZone = Objects.requireNonNull(timestampZone, "timestampZone");
            return this;
        }

        /**
         * Starts the emulator on {@code 127.0.0.1} and a free port.
         *
         * @return the running emulator; close it when done
         * @throws java.io.UncheckedIOException if no port could be bound
         */
        public SingleViewEmulator start() {
            SingleViewEmulator emulator = new SingleViewEmulator(this);
            emulator.plugIn();
            return emulator;
        }
    }
}
