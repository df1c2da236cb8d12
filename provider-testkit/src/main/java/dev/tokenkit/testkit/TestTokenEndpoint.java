package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.spi.JsonFields;
import dev.tokenkit.spi.JsonTokenProvider;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.RecordedRequest;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token endpoint for tests of code built on a {@link TokenSource} (HTTP client integrations,
 * metrics): a {@link FakeTokenServer} on loopback that answers every {@code POST /token} with a
 * new opaque token, and {@linkplain #sourceBuilder() sources} over a real
 * {@link JsonTokenProvider} that calls it, so that every fetch is a real HTTP request the test
 * can count.
 *
 * <pre>{@code
 * try (TestTokenEndpoint endpoint = TestTokenEndpoint.start();
 *      TokenSource source = endpoint.sourceBuilder().build()) {
 *     AccessToken token = source.token();          // one request to the endpoint
 *     endpoint.server().enqueue(FakeResponse.status(503));   // the next request fails, as scripted
 *     assertThat(endpoint.requestCount()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Answers are {@code {"access_token":"<value>","expires_in":<seconds>}} (bearer tokens);
 * values are {@code t<n>-<8 random hex digits>}, new for each answer unless
 * {@link #reissueLastToken(boolean)} makes the endpoint answer the previous one again (as
 * Symbl's server-side cache does). Responses {@linkplain FakeTokenServer#enqueue enqueued} on
 * {@link #server()} answer first, so a test can script failures. Thread-safe.
 */
public final class TestTokenEndpoint implements AutoCloseable {
    /** The provider id of the sources this endpoint builds. */
    public static final String PROVIDER_ID = "test-endpoint";
    /** The token path. */
    public static final String TOKEN_PATH = "/token";
    /** The lifetime of the tokens {@link #start()} issues. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private final FakeTokenServer server = FakeTokenServer.start();
    private final Duration lifetime;
    private final AtomicInteger issued = new AtomicInteger();
    private final String suffix = HexFormat.of().formatHex(randomBytes());
    private volatile boolean reissue;
    private volatile String last;

    private TestTokenEndpoint(Duration lifetime) {
        this.lifetime = lifetime;
        server.respondWith(this::answer);
    }

    /**
     * Starts an endpoint issuing tokens that live {@link #DEFAULT_LIFETIME}.
     *
     * @return the running endpoint; close it when done
     */
    public static TestTokenEndpoint start() {
        return start(DEFAULT_LIFETIME);
    }

    /**
     * Starts an endpoint issuing tokens that live {@code lifetime} (whole seconds).
     *
     * @param lifetime at least one second
     * @return the running endpoint; close it when done
     */
    public static TestTokenEndpoint start(Duration lifetime) {
        if (lifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("TestTokenEndpoint: the lifetime must be at least 1 s, was " + lifetime);
        }
        return new TestTokenEndpoint(lifetime);
    }

    /**
     * A source builder over a provider that calls this endpoint, on the system clock.
     *
     * @return a builder with the provider, its clock, request timeout and token key set
     */
    public TokenSource.Builder sourceBuilder() {
        return sourceBuilder(InstantSource.system());
    }

    /**
     * A source builder over a provider that calls this endpoint, both on the given clock (a
     * {@code ManualClock} for tests on virtual time). The endpoint's answers state a lifetime,
     * so the tokens' expiry follows that clock.
     *
     * @param clock the clock of the provider and the source
     * @return a builder with the provider, its clock, request timeout and token key set
     */
    public TokenSource.Builder sourceBuilder(InstantSource clock) {
        return TokenProviders.of(new Factory()).withClock(clock).sourceBuilder(PROVIDER_ID,
                ProviderConfig.builder().put("base-url", server.baseUri().toString()).build());
    }

    /**
     * From now on, answer the last issued token again (with the full lifetime) instead of a new
     * one, or stop doing so.
     *
     * @param reissue whether to answer the last token again
     */
    public void reissueLastToken(boolean reissue) {
        this.reissue = reissue;
    }

    /**
     * The server underneath, to {@linkplain FakeTokenServer#enqueue script failures} that answer
     * before the endpoint does, and to inspect requests. Do not call its {@code reset()} or
     * {@code respondWith(…)}, which would unplug the endpoint.
     *
     * @return the server
     */
    public FakeTokenServer server() {
        return server;
    }

    /**
     * How many token requests arrived, answered by the endpoint or by a scripted response.
     *
     * @return the request count
     */
    public int requestCount() {
        return server.requestCount();
    }

    /**
     * How many answers carried a token the endpoint had not issued before.
     *
     * @return the number of distinct tokens issued
     */
    public int tokensIssued() {
        return issued.get();
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "TestTokenEndpoint[" + server.baseUri() + ", " + requestCount() + " requests, " + tokensIssued()
                + " tokens issued]";
    }

    private synchronized FakeResponse answer(RecordedRequest request) {
        if (!request.method().equals("POST") || !request.path().equals(TOKEN_PATH)) {
            return FakeResponse.status(404).body("TestTokenEndpoint: only POST " + TOKEN_PATH);
        }
        String value = last;
        if (!reissue || value == null) {
            value = "t" + issued.incrementAndGet() + "-" + suffix;
            last = value;
        }
        return FakeResponse.ok("{\"access_token\":\"" + value + "\",\"expires_in\":" + lifetime.toSeconds() + "}");
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** The provider: {@code POST {base-url}/token}, answer in the OAuth 2.0 shape, a lifetime required. */
    private static final class Factory implements TokenProviderFactory {
        private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(PROVIDER_ID)
                .displayName("tokenkit test endpoint")
                .option(ConfigOption.builder("base-url", ConfigOption.Type.URI).required()
                        .description("Where the test endpoint listens.").build())
                .build();

        @Override
        public ProviderDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public TokenProvider create(ProviderConfig config, ProviderContext context) {
            TokenRequest request = TokenRequest.post(config.uri("base-url", TOKEN_PATH))
                    .jsonBody(Map.of("grant_type", "client_credentials")).build();
            return new JsonTokenProvider(context) {
                @Override
                protected TokenRequest request() {
                    return request;
                }

                @Override
                protected AccessToken parse(JsonObject body, TokenResponse response) {
                    String value = JsonFields.requireString(body, "access_token");
                    return token(value).expiresIn(JsonFields.lifetime(body, "expires_in").orElseThrow()).build();
                }
            };
        }
    }
}
