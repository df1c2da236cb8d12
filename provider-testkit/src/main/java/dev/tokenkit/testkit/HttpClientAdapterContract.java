package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every HTTP client integration passes: the token goes on every request and stays
 * on the origin the request was addressed to, whatever redirects the API answers; a {@code 401}
 * to our token heals itself once, and nothing else is retried or invalidates the token (see
 * {@code docs/integrations.md}, "The origin rule" and "The 401 rule"). An integration's test extends this class and answers one hook, a client of the
 * real library equipped with the integration:
 *
 * <pre>{@code
 * class OkHttpContractTest extends HttpClientAdapterContract {
 *     protected Client client(TokenSource source) {
 *         OkHttpClient http = new OkHttpClient.Builder()
 *                 .addInterceptor(new TokenInterceptor(source))
 *                 .authenticator(new TokenAuthenticator(source))
 *                 .build();
 *         return call -> { ... send call with http, return new Answer(status, body) ... };
 *     }
 * }
 * }</pre>
 *
 * <p>Each check runs against a {@link ResourceServer} (an API that answers {@code 401} to a token
 * it has revoked) and a {@link TestTokenEndpoint}, both real HTTP on loopback, and counts the
 * requests both receive: a storm is a failure. The redirect rows ({@code 302}, {@code 303},
 * {@code 307}, {@code 308}; {@code GET} and {@code POST}) send the API's redirect to itself, to
 * another port of {@code 127.0.0.1} and to another host, {@code 127.0.0.2} (skipped, saying so,
 * where that address cannot be bound), and record what arrives there. The client is given a source that wraps the
 * endpoint's, so that the kit can make requests meet a token at a chosen moment. Checks are
 * package-private: an integration varies behaviour through the hooks only.
 */
@Timeout(60)
public abstract class HttpClientAdapterContract {

    /** How many concurrent requests meet one revoked token in the concurrency check. */
    static final int CONCURRENT_REQUESTS = 100;

    /**
     * A request for the client to send.
     *
     * @param method  the method, e.g. {@code GET}
     * @param uri     the address
     * @param body    the body, or {@code null} for none
     * @param oneShot whether the body must be sent as one the client cannot send again (OkHttp's
     *                {@code isOneShot()}, the JDK's {@code BodyPublishers.fromPublisher})
     */
    public record Call(String method, URI uri, byte[] body, boolean oneShot) {
        /**
         * Checks the fields.
         *
         * @param method  the method
         * @param uri     the address
         * @param body    the body, or {@code null}
         * @param oneShot whether the body is one-shot
         */
        public Call {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
        }

        /**
         * The body as text.
         *
         * @return the UTF-8 text of the body, or {@code null} when there is none
         */
        public String bodyText() {
            return body == null ? null : new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return method + " " + uri + (body == null ? "" : " (" + body.length + " bytes" + (oneShot ? ", one-shot)" : ")"));
        }
    }

    /**
     * What the client answered.
     *
     * @param status the HTTP status
     * @param body   the body as text
     */
    public record Answer(int status, String body) {
    }

    /** The client under test: the real client library, equipped with the integration. */
    @FunctionalInterface
    public interface Client {
        /**
         * Sends a request and waits for the answer, whatever its status. A request that cannot be
         * sent (no token, I/O) throws.
         *
         * @param call the request
         * @return the answer
         * @throws Exception when the request fails
         */
        Answer send(Call call) throws Exception;

        /** Releases the client's resources, if it holds any; called after each check. */
        default void close() {
        }
    }

    /** For subclasses. */
    protected HttpClientAdapterContract() {
    }

    /**
     * The client under test, equipped with the integration over this source; called before each
     * check.
     *
     * @param source the token source to use
     * @return the client
     * @throws Exception when it cannot be built
     */
    protected abstract Client client(TokenSource source) throws Exception;

    /**
     * Whether the client can send a body it cannot send again. When {@code false} (Spring buffers
     * every body for its interceptors) the one-shot check is skipped.
     *
     * @return {@code true} by default
     */
    protected boolean sendsOneShotBodies() {
        return true;
    }

    /**
     * Whether the client, as {@link #client} builds it, follows a redirect with this method and
     * status. The redirect checks hold either way (no token to another origin, no reaction to an
     * answer that did not come back for our token); this hook makes sure that they ran the way the
     * test means: a client said to follow must have followed, so a check cannot pass because
     * nothing happened.
     *
     * @param method the request's method, {@code GET} or {@code POST}
     * @param status the redirect's status: {@code 302}, {@code 303}, {@code 307} or {@code 308}
     * @return {@code true} by default
     */
    protected boolean followsRedirects(String method, int status) {
        return true;
    }

    private TestTokenEndpoint endpoint;
    private ResourceServer api;
    private TokenSource real;
    private KitSource source;
    private Client client;
    private LogCapture logs;

    @BeforeEach
    final void startKit() throws Exception {
        logs = LogCapture.start();
        endpoint = TestTokenEndpoint.start();
        api = ResourceServer.start();
        real = endpoint.sourceBuilder().build();
        source = new KitSource(real);
        client = client(source);
    }

    @AfterEach
    final void stopKit() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            real.close();
            api.close();
            endpoint.close();
            logs.close();
        }
    }

    private Answer get(String path) throws Exception {
        return client.send(new Call("GET", api.uri(path), null, false));
    }

    private Answer post(String path, String body, boolean oneShot) throws Exception {
        return client.send(new Call("POST", api.uri(path), body.getBytes(StandardCharsets.UTF_8), oneShot));
    }

    /** The token the source holds now (one request to the endpoint the first time). */
    private AccessToken current() {
        return real.token();
    }

    @Test
    @DisplayName("the test provides a client")
    void providesClient() {
        assertThat(client).as("client(source)").isNotNull();
    }

    @Nested
    @DisplayName("the header")
    class Header {
        @Test
        @DisplayName("every request carries the source's token as 'Authorization: Bearer …', fetched once")
        void everyRequest() throws Exception {
            assertThat(get("/a")).isEqualTo(new Answer(200, "GET /a "));
            assertThat(post("/b", "hello", false)).isEqualTo(new Answer(200, "POST /b hello"));
            String value = current().value();
            assertThat(api.tokensSeen()).containsExactly(value, value);
            assertThat(api.requests()).allSatisfy(r -> assertThat(r.header("Authorization"))
                    .contains("Bearer " + value));
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(1);
        }

        @Test
        @DisplayName("when the source has no token, the request is not sent and the call fails with the token error")
        void noToken() {
            endpoint.server().enqueue(FakeResponse.status(401).body("{\"error\":\"invalid_client\"}"));
            Throwable failure = catchThrowable(() -> get("/a"));
            assertThat(failure).as("the call's failure").isNotNull();
            assertThat(causes(failure)).as("the failure or one of its causes").anyMatch(TokenException.class::isInstance);
            assertThat(api.requestCount()).as("requests that reached the API").isZero();
        }
    }

    @Nested
    @DisplayName("a rejected token")
    class Rejected {
        @Test
        @DisplayName("a 401 to a revoked token invalidates it and replays once with the new token: one refetch")
        void replayOnce() throws Exception {
            AccessToken revoked = current();
            api.revoke(revoked);
            assertThat(get("/a")).isEqualTo(new Answer(200, "GET /a "));
            AccessToken next = current();
            assertThat(next.value()).isNotEqualTo(revoked.value());
            assertThat(api.tokensSeen()).containsExactly(revoked.value(), next.value());
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
        }

        @Test
        @DisplayName("the replay of a request with a body sends the same body")
        void replayCarriesBody() throws Exception {
            api.revoke(current());
            assertThat(post("/b", "payload-1", false)).isEqualTo(new Answer(200, "POST /b payload-1"));
            assertThat(api.requests()).hasSize(2).allSatisfy(r -> assertThat(r.body()).isEqualTo("payload-1"));
        }

        @Test
        @DisplayName("an API that rejects every token gets two requests and the caller the 401: no loop")
        void noLoop() throws Exception {
            current();
            api.rejectEveryToken();
            assertThat(get("/a").status()).isEqualTo(401);
            assertThat(api.requestCount()).as("requests to the API").isEqualTo(2);
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
        }

        @Test
        @DisplayName("a 401 to a token older than the source's current one replays with the current one, at no refetch")
        void olderToken() throws Exception {
            AccessToken old = current();
            real.invalidate(old);
            AccessToken now = current();
            api.revoke(old);
            source.handOutOnce(old);
            assertThat(get("/a").status()).isEqualTo(200);
            assertThat(api.tokensSeen()).containsExactly(old.value(), now.value());
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
        }

        @Test
        @DisplayName("when the endpoint re-issues the rejected token, the caller gets the 401 after one request")
        void reissued() throws Exception {
            AccessToken revoked = current();
            api.revoke(revoked);
            endpoint.reissueLastToken(true);
            assertThat(get("/a").status()).isEqualTo(401);
            assertThat(api.tokensSeen()).containsExactly(revoked.value());
            assertThat(current().value()).as("the token served again").isEqualTo(revoked.value());
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("bodies that cannot be sent again")
    class OneShot {
        @Test
        @DisplayName("a one-shot body is not replayed: the caller gets the 401, and the next request carries a new token")
        void notReplayed() throws Exception {
            assumeTrue(sendsOneShotBodies(), "the client cannot send a one-shot body");
            AccessToken revoked = current();
            api.revoke(revoked);
            assertThat(post("/b", "once", true).status()).isEqualTo(401);
            assertThat(api.requests()).singleElement().satisfies(r -> assertThat(r.body()).isEqualTo("once"));
            assertThat(get("/a").status()).isEqualTo(200);
            assertThat(api.tokensSeen()).hasSize(2).doesNotHaveDuplicates().startsWith(revoked.value());
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("answers that do not reject the token")
    class NotRejections {
        @Test
        @DisplayName("a 403 is neither retried nor invalidates the token")
        void forbidden() throws Exception {
            assertThat(get(ResourceServer.FORBIDDEN_PATH).status()).isEqualTo(403);
            assertThat(get("/a").status()).isEqualTo(200);
            String value = current().value();
            assertThat(api.tokensSeen()).containsExactly(value, value);
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(1);
        }

        @Test
        @DisplayName("a 401 whose challenge says error=\"insufficient_scope\" is neither retried nor invalidates the token")
        void insufficientScope() throws Exception {
            assertThat(get(ResourceServer.SCOPE_PATH).status()).isEqualTo(401);
            assertThat(get("/a").status()).isEqualTo(200);
            String value = current().value();
            assertThat(api.tokensSeen()).containsExactly(value, value);
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("100 concurrent requests meeting one revoked token cause exactly one refetch, and all succeed")
        void oneRefetch() throws Exception {
            AccessToken revoked = current();
            api.revoke(revoked);
            source.holdFirst(CONCURRENT_REQUESTS);
            ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT_REQUESTS);
            try {
                List<Future<Answer>> answers = new ArrayList<>();
                for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
                    String path = "/c" + i;
                    answers.add(threads.submit(() -> get(path)));
                }
                for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
                    assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(new Answer(200, "GET /c" + i + " "));
                }
            } finally {
                threads.shutdownNow();
            }
            AccessToken next = current();
            assertThat(endpoint.requestCount()).as("token requests: the first and one refetch").isEqualTo(2);
            List<String> seen = api.tokensSeen();
            assertThat(seen).as("tokens the API saw").hasSize(2 * CONCURRENT_REQUESTS);
            assertThat(seen.stream().filter(revoked.value()::equals)).as("requests with the revoked token")
                    .hasSize(CONCURRENT_REQUESTS);
            assertThat(seen.stream().filter(next.value()::equals)).as("replays with the new token")
                    .hasSize(CONCURRENT_REQUESTS);
        }
    }

    /** Where a redirect points, seen from the API the request was addressed to. */
    enum Elsewhere {
        /** The same scheme, host and port: the token may follow. */
        SAME_ORIGIN,
        /** The same host, {@code 127.0.0.1}, on another port: another origin. */
        OTHER_PORT,
        /** Another host, {@code 127.0.0.2}, as an attacker's server would be. */
        OTHER_HOST
    }

    static List<Arguments> redirectRows(boolean sameOrigin) {
        List<Arguments> rows = new ArrayList<>();
        for (Elsewhere where : Elsewhere.values()) {
            if ((where == Elsewhere.SAME_ORIGIN) != sameOrigin) {
                continue;
            }
            for (int status : new int[] {302, 303, 307, 308}) {
                for (String method : new String[] {"GET", "POST"}) {
                    rows.add(Arguments.of(method, status, where));
                }
            }
        }
        return rows;
    }

    static List<Arguments> crossOriginRows() {
        return redirectRows(false);
    }

    static List<Arguments> sameOriginRows() {
        return redirectRows(true);
    }

    private static final byte[] OTHER_HOST = {127, 0, 0, 2};
    private static final String LANDING = "/landing";
    private static final String PAYLOAD = "payload";

    @Nested
    @DisplayName("redirects")
    class Redirects {
        @ParameterizedTest(name = "{0} answered {1}, to {2}")
        @MethodSource("dev.tokenkit.testkit.HttpClientAdapterContract#crossOriginRows")
        @DisplayName("a redirect to another origin reaches it without the token")
        void noTokenElsewhere(String method, int status, Elsewhere where) throws Exception {
            try (ResourceServer other = elsewhere(where)) {
                other.admitRequestsWithoutToken(); // a 200 either way: only the header tells a leak
                current();
                Answer answer = send(method, api.redirect(status, other.uri(LANDING)));
                assertThat(other.requests().stream().filter(r -> r.header("Authorization").isPresent()))
                        .as("requests to %s that carried an Authorization header", other).isEmpty();
                if (followed(method, status, answer, other)) {
                    RecordedRequest arrived = other.requests().get(0);
                    if (status == 307 || status == 308) {
                        assertThat(arrived.method()).as("the method after a %s", status).isEqualTo(method);
                        assertThat(arrived.body()).as("the body after a %s", status)
                                .isEqualTo(method.equals("POST") ? PAYLOAD : "");
                    }
                }
            }
        }

        @ParameterizedTest(name = "{0} answered {1}, to {2}")
        @MethodSource("dev.tokenkit.testkit.HttpClientAdapterContract#crossOriginRows")
        @DisplayName("a 401 from another origin goes to the caller: no invalidation, no refetch, no replay")
        void foreign401(String method, int status, Elsewhere where) throws Exception {
            try (ResourceServer other = elsewhere(where)) {
                other.rejectEveryToken();
                current();
                Answer answer = send(method, api.redirect(status, other.uri(LANDING)));
                assertThat(endpoint.requestCount()).as("token requests: the other origin's 401 must not cause a refetch")
                        .isEqualTo(1);
                assertThat(api.requestCount()).as("requests to the API: no replay").isEqualTo(1);
                if (followed(method, status, answer, other)) {
                    assertThat(answer.status()).as("the answer: the other origin's").isEqualTo(401);
                }
            }
        }

        @ParameterizedTest(name = "{0} answered {1}")
        @MethodSource("dev.tokenkit.testkit.HttpClientAdapterContract#sameOriginRows")
        @DisplayName("a redirect within the API's origin keeps the token")
        void sameOrigin(String method, int status, Elsewhere where) throws Exception {
            String value = current().value();
            Answer answer = send(method, api.redirect(status, api.uri(LANDING)));
            assertThat(endpoint.requestCount()).as("token requests").isEqualTo(1);
            if (followed(method, status, answer, api)) {
                assertThat(answer.status()).as("the answer: the target's").isEqualTo(200);
                assertThat(api.tokensSeen().stream().filter(value::equals)).as("requests that carried the token")
                        .hasSize(2);
            }
        }

        /** Checks that the client followed exactly when {@link #followsRedirects} says; returns whether it did. */
        private boolean followed(String method, int status, Answer answer, ResourceServer target) {
            List<RecordedRequest> arrived = target.requests().stream().filter(r -> r.path().equals(LANDING)).toList();
            if (!followsRedirects(method, status)) {
                assertThat(answer.status()).as("the answer of a client that does not follow").isEqualTo(status);
                assertThat(arrived).as("requests that reached the redirect's target").isEmpty();
                return false;
            }
            assertThat(arrived).as("requests that reached the redirect's target").hasSize(1);
            return true;
        }

        private ResourceServer elsewhere(Elsewhere where) {
            if (where == Elsewhere.OTHER_PORT) {
                return ResourceServer.start();
            }
            try {
                return ResourceServer.startOn(OTHER_HOST);
            } catch (UncheckedIOException e) {
                throw new TestAbortedException("127.0.0.2 cannot be bound on this machine, so the other-host rows"
                        + " did not run (add the loopback alias 127.0.0.2): " + e.getMessage(), e);
            }
        }

        private Answer send(String method, URI uri) throws Exception {
            byte[] body = method.equals("POST") ? PAYLOAD.getBytes(StandardCharsets.UTF_8) : null;
            return client.send(new Call(method, uri, body, false));
        }
    }

    @Nested
    @DisplayName("hygiene")
    class Hygiene {
        @Test
        @DisplayName("no token appears in a log record, at any level, or in a failure's message")
        void nothingLeaks() throws Exception {
            AccessToken first = current();
            api.revoke(first);
            get("/a");
            api.rejectEveryToken();
            get("/a");
            AccessToken last = current(); // after any refetch the integration started
            endpoint.server().enqueue(FakeResponse.status(401).body("{\"error\":\"invalid_client\"}"));
            real.invalidate(last);
            Throwable failure = catchThrowable(() -> get("/a"));
            List<String> texts = new ArrayList<>(logs.texts());
            if (failure != null) {
                texts.add(Printed.stackTrace(failure));
            }
            List<String> values = new ArrayList<>(api.tokensSeen());
            values.add(first.value());
            for (String text : texts) {
                for (String value : values) {
                    assertThat(text).as("a log record or failure").doesNotContain(value);
                }
            }
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    /**
     * The source the client gets: the endpoint's, with two levers for the kit. It can hand one
     * caller a given token (a request that left before a refresh), and it can hold the next N
     * callers, each with its token, until all N have one, so that N requests meet the same token.
     */
    private static final class KitSource implements TokenSource {
        private final TokenSource delegate;
        private final AtomicReference<AccessToken> once = new AtomicReference<>();
        private volatile Gate gate;

        KitSource(TokenSource delegate) {
            this.delegate = delegate;
        }

        void handOutOnce(AccessToken token) {
            once.set(token);
        }

        void holdFirst(int callers) {
            gate = new Gate(callers);
        }

        @Override
        public String providerId() {
            return delegate.providerId();
        }

        @Override
        public AccessToken token() {
            AccessToken t = once.getAndSet(null);
            if (t != null) {
                return t;
            }
            AccessToken token = delegate.token();
            Gate g = gate;
            if (g != null) {
                g.arrive().join(); // everyone holds their token before anyone sends
            }
            return token;
        }

        @Override
        public CompletableFuture<AccessToken> tokenAsync() {
            AccessToken t = once.getAndSet(null);
            if (t != null) {
                return CompletableFuture.completedFuture(t);
            }
            Gate g = gate;
            return g == null ? delegate.tokenAsync() : delegate.tokenAsync().thenCombine(g.arrive(), (token, open) -> token);
        }

        @Override
        public void invalidate(AccessToken token) {
            delegate.invalidate(token);
        }

        @Override
        public void invalidate(String authorizationHeader) {
            delegate.invalidate(authorizationHeader);
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public String toString() {
            return "KitSource[" + delegate + "]";
        }
    }

    /** Opens when the given number of callers has arrived; later callers pass at once. */
    private static final class Gate {
        private final AtomicInteger missing;
        private final CompletableFuture<Void> open = new CompletableFuture<Void>().orTimeout(30, TimeUnit.SECONDS);

        Gate(int callers) {
            this.missing = new AtomicInteger(callers);
        }

        CompletableFuture<Void> arrive() {
            int m = missing.decrementAndGet();
            if (m == 0) {
                open.complete(null);
            }
            return m < 0 ? CompletableFuture.completedFuture(null) : open;
        }
    }
}
