package dev.tokenkit.client.jdk;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.ResourceServer;
import dev.tokenkit.testkit.TestTokenEndpoint;
import dev.tokenkit.emulators.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the JDK integration does beyond the contract: which bodies it replays, and whose handler sees what. */
@Timeout(60)
class TokenHttpClientTest {
    private static final String BODY = "payload";

    @TempDir
    static Path dir;

    private TestTokenEndpoint endpoint;
    private ResourceServer api;
    private TokenSource source;
    private HttpClient http;

    @BeforeEach
    void start() {
        endpoint = TestTokenEndpoint.start();
        api = ResourceServer.start();
        source = endpoint.sourceBuilder().build();
        http = TokenHttpClient.wrap(JdkCalls.http(), source);
    }

    @AfterEach
    void stop() {
        source.close();
        api.close();
        endpoint.close();
    }

    static Stream<Arguments> publishers() throws IOException {
        Path file = Files.writeString(dir.resolve("body.txt"), BODY);
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("ofString", (Function<Path, BodyPublisher>) p -> BodyPublishers.ofString(BODY), true),
                Arguments.of("ofByteArray", (Function<Path, BodyPublisher>) p -> BodyPublishers.ofByteArray(bytes), true),
                Arguments.of("ofByteArray(bytes, offset, length)", (Function<Path, BodyPublisher>) p ->
                        BodyPublishers.ofByteArray(("xx" + BODY).getBytes(StandardCharsets.UTF_8), 2, bytes.length), true),
                Arguments.of("replayable(ofInputStream(a new stream each time))", (Function<Path, BodyPublisher>) p ->
                        TokenHttpClient.replayable(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))), true),
                Arguments.of("replayable(ofFile)", (Function<Path, BodyPublisher>) p -> TokenHttpClient.replayable(ofFile(file)), true),
                Arguments.of("ofInputStream", (Function<Path, BodyPublisher>) p ->
                        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)), false),
                Arguments.of("ofFile", (Function<Path, BodyPublisher>) p -> ofFile(file), false),
                Arguments.of("ofByteArrays", (Function<Path, BodyPublisher>) p -> BodyPublishers.ofByteArrays(List.of(bytes)), false),
                Arguments.of("fromPublisher", (Function<Path, BodyPublisher>) p ->
                        BodyPublishers.fromPublisher(BodyPublishers.ofString(BODY)), false),
                Arguments.of("concat", (Function<Path, BodyPublisher>) p -> BodyPublishers.concat(BodyPublishers.ofString(BODY.substring(0, 3)),
                        BodyPublishers.ofString(BODY.substring(3))), false));
    }

    private static BodyPublisher ofFile(Path file) {
        try {
            return BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}: replayed {2}")
    @MethodSource("publishers")
    @DisplayName("after a 401, in-memory publishers and those marked replayable() are replayed, others are not")
    void whichBodiesReplay(String name, Function<Path, BodyPublisher> publisher, boolean replayed) throws Exception {
        api.revoke(source.token());
        HttpRequest request = HttpRequest.newBuilder(api.uri("/b")).POST(publisher.apply(dir)).build();
        HttpResponse<String> answer = http.send(request, BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(replayed ? 200 : 401);
        assertThat(api.requests()).hasSize(replayed ? 2 : 1).allSatisfy(r -> assertThat(r.body()).isEqualTo(BODY));
        assertThat(source.token().value()).as("invalidated either way").isNotEqualTo(api.tokensSeen().get(0));
    }

    @Test
    @DisplayName("the caller's BodyHandler sees only the answer it gets, never the 401 that was replayed")
    void handlerSeesOnlyTheReplay() throws Exception {
        api.revoke(source.token());
        List<Integer> seen = new CopyOnWriteArrayList<>();
        BodyHandler<String> counting = info -> {
            seen.add(info.statusCode());
            return BodyHandlers.ofString().apply(info);
        };
        assertThat(http.send(HttpRequest.newBuilder(api.uri("/a")).build(), counting).statusCode()).isEqualTo(200);
        assertThat(http.sendAsync(HttpRequest.newBuilder(api.uri("/a")).build(), counting).get().statusCode()).isEqualTo(200);
        assertThat(seen).containsExactly(200, 200);
        assertThat(api.requestCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("a 401 handed back (the endpoint re-issued the token) reaches the caller's own handler with its body, streamed")
    void handedBackWithBody() throws Exception {
        api.revoke(source.token());
        endpoint.reissueLastToken(true);
        HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(api.uri("/a")).build(), BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(401);
        try (InputStream body = answer.body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("token rejected");
        }
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        assertThat(api.requestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("an Authorization header on the request is replaced by the token's")
    void replacesHeader() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.uri("/a")).header("authorization", "Basic dXNlcjpwYXNz").build();
        assertThat(http.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(api.requests()).singleElement().satisfies(r -> {
            assertThat(r.headers().get("authorization")).containsExactly(source.token().authorizationHeader());
        });
    }

    @Test
    @DisplayName("no token: send throws an IOException naming the provider with the TokenException as cause, sendAsync"
            + " fails with the same, and nothing is sent")
    void noToken() {
        endpoint.server().enqueue(FakeResponse.status(401), FakeResponse.status(401));
        HttpRequest request = HttpRequest.newBuilder(api.uri("/a")).build();
        assertThatThrownBy(() -> http.send(request, BodyHandlers.ofString())).isInstanceOf(IOException.class)
                .hasMessageContaining("no access token from provider '" + TestTokenEndpoint.PROVIDER_ID + "'")
                .hasCauseInstanceOf(TokenException.class);
        CompletableFuture<HttpResponse<String>> async = http.sendAsync(request, BodyHandlers.ofString());
        assertThatThrownBy(async::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IOException.class).hasCauseInstanceOf(TokenException.class);
        assertThat(api.requestCount()).isZero();
    }

    @Test
    @DisplayName("sendAsync with a push-promise handler replays the same way")
    void pushPromiseHandler() throws Exception {
        AccessToken revoked = source.token();
        api.revoke(revoked);
        HttpResponse<String> answer = http.sendAsync(HttpRequest.newBuilder(api.uri("/a")).build(), BodyHandlers.ofString(),
                (initiating, pushed, accept) -> { }).get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(api.tokensSeen()).containsExactly(revoked.value(), source.token().value());
    }

    @Test
    @DisplayName("its settings are the delegate's")
    void settingsAreTheDelegates() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            HttpClient delegate = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                    .followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1).executor(executor).build();
            HttpClient wrapped = TokenHttpClient.wrap(delegate, source);
            assertThat(wrapped.connectTimeout()).isEqualTo(delegate.connectTimeout());
            assertThat(wrapped.followRedirects()).isEqualTo(HttpClient.Redirect.NORMAL);
            assertThat(wrapped.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(wrapped.executor()).containsSame(executor);
            assertThat(wrapped.proxy()).isEqualTo(delegate.proxy());
            assertThat(wrapped.authenticator()).isEqualTo(delegate.authenticator());
            assertThat(wrapped.cookieHandler()).isEqualTo(delegate.cookieHandler());
            assertThat(wrapped.sslContext()).isSameAs(delegate.sslContext());
            assertThat(wrapped.sslParameters().getProtocols()).isEqualTo(delegate.sslParameters().getProtocols());
            assertThat(wrapped.newWebSocketBuilder()).isNotNull();
            assertThat(wrapped.toString()).startsWith("TokenHttpClient[" + TestTokenEndpoint.PROVIDER_ID);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    @DisplayName("a client on the delegate's own executor heals a 401 from a URI it was not built for")
    void ownExecutor() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            HttpClient wrapped = TokenHttpClient.wrap(HttpClient.newBuilder().executor(executor).build(), source);
            api.revoke(source.token());
            URI uri = api.uri("/elsewhere");
            assertThat(wrapped.sendAsync(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString()).get(30, TimeUnit.SECONDS)
                    .body()).isEqualTo("GET /elsewhere ");
        } finally {
            executor.shutdownNow();
        }
    }
}
