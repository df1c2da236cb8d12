package dev.tokenkit.emulators;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeTokenServerTest {

    /** Generous bound for things that must merely not hang; never a performance assertion. */
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private FakeTokenServer server;

    @BeforeEach
    void startServer() {
        server = FakeTokenServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private URI uri(String pathAndQuery) {
        return URI.create(server.baseUri() + pathAndQuery);
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, BodyHandlers.ofString());
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }

    @Test
    @DisplayName("listens on 127.0.0.1 and an ephemeral port, base URI without trailing slash")
    void baseUri() {
        assertThat(server.baseUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(server.baseUri().getPort()).isPositive();
    }

    @Nested
    @DisplayName("scripted answers")
    class Scripted {

        @Test
        @DisplayName("sends status, repeated headers and a JSON body")
        void statusHeadersBody() throws Exception {
            server.enqueue(FakeResponse.status(201)
                    .header("X-Trace", "a")
                    .header("X-Trace", "b")
                    .json("{\"accessToken\":\"t\"}"));

            HttpResponse<String> response = send(post("/token", "{}"));

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().allValues("x-trace")).containsExactly("a", "b");
            assertThat(response.headers().firstValue("content-type")).contains("application/json");
            assertThat(response.body()).isEqualTo("{\"accessToken\":\"t\"}");
        }

        @Test
        @DisplayName("ok(json) is a 200 with a JSON content type")
        void okShortcut() throws Exception {
            server.enqueue(FakeResponse.ok("{\"a\":1}"));

            HttpResponse<String> response = send(post("/token", "{}"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).contains("application/json");
            assertThat(response.body()).isEqualTo("{\"a\":1}");
        }

        @Test
        @DisplayName("sends raw bytes and an empty body, and a 204 without body")
        void bytesEmptyAndNoContent() throws Exception {
            byte[] bytes = {0, 1, 2, (byte) 0xff};
            server.enqueue(FakeResponse.status(200).body(bytes), FakeResponse.status(401),
                    FakeResponse.status(204));

            HttpResponse<byte[]> raw = CLIENT.send(post("/t", ""), BodyHandlers.ofByteArray());
            HttpResponse<String> empty = send(post("/t", ""));
            HttpResponse<String> noContent = send(post("/t", ""));

            assertThat(raw.body()).containsExactly(bytes);
            assertThat(empty.statusCode()).isEqualTo(401);
            assertThat(empty.body()).isEmpty();
            assertThat(noContent.statusCode()).isEqualTo(204);
            assertThat(noContent.body()).isEmpty();
        }

        @Test
        @DisplayName("uses the queue first, then the fallback function, in order")
        void queueThenFallback() throws Exception {
            server.enqueue(FakeResponse.status(200), FakeResponse.status(201));
            server.respondWith(request -> FakeResponse.status(418).body("fallback #" + request.sequence()));

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(send(post("/t", "")).statusCode());
            }

            assertThat(statuses).containsExactly(200, 201, 418, 418);
            assertThat(server.lastRequest().sequence()).isEqualTo(4);
            assertThat(server.pendingResponses()).isZero();
        }

        @Test
        @DisplayName("answers 500 naming the request when nothing is scripted")
        void unscripted() throws Exception {
            HttpResponse<String> response = send(post("/oauth2/token:generate", "{}"));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body())
                    .isEqualTo("FakeTokenServer: no response scripted for POST /oauth2/token:generate");
            assertThat(server.requestCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("answers 500 when the fallback function throws")
        void fallbackThrows() throws Exception {
            server.respondWith(request -> {
                throw new IllegalStateException("broken emulator");
            });

            HttpResponse<String> response = send(post("/t", ""));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("respondWith function failed", "broken emulator");
        }

        @Test
        @DisplayName("works with a default HTTP client, which offers an HTTP/2 upgrade")
        void defaultClient() throws Exception {
            server.enqueue(FakeResponse.ok("{}"), FakeResponse.ok("{}"));
            HttpClient client = HttpClient.newHttpClient();

            assertThat(client.send(post("/t", "{}"), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(client.send(post("/t", "{}"), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("misbehaving answers")
    class Misbehaving {

        @Test
        @DisplayName("a delay longer than the client's timeout makes the client time out")
        void delayBeyondTimeout() {
            // the delay is ended by close() in @AfterEach, so its length costs nothing
            server.enqueue(FakeResponse.ok("{}").delay(Duration.ofMinutes(1)));
            HttpRequest request = HttpRequest.newBuilder(uri("/t"))
                    .timeout(Duration.ofMillis(100))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();

            assertThatThrownBy(() -> send(request)).isInstanceOf(HttpTimeoutException.class);
            // the client may give up before the server's handler has read and recorded the request
            // (seen on a loaded machine): wait for the record, with a generous deadline
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.requestCount() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(server.requestCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("a delay holds the answer back at least that long")
        void delayHoldsBack() throws Exception {
            server.enqueue(FakeResponse.ok("{}").delay(Duration.ofMillis(200)));

            long start = System.nanoTime();
            HttpResponse<String> response = send(post("/t", "{}"));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }

        @Test
        @DisplayName("a dropped connection is an IOException for the client; the server goes on")
        void dropConnection() throws Exception {
            server.enqueue(FakeResponse.status(200).dropConnection(), FakeResponse.ok("{}"));

            assertThatThrownBy(() -> send(post("/t", "{\"n\":1}")))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(HttpTimeoutException.class);
            assertThat(server.takeRequest().body()).isEqualTo("{\"n\":1}");
            assertThat(send(post("/t", "{}")).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("a connection cut mid-body fails the client while it reads the body")
        void resetMidBody() throws Exception {
            String body = "{\"accessToken\":\"abcdefghijklmnopqrstuvwxyz\",\"expiresIn\":3600}";
            server.enqueue(FakeResponse.ok(body).resetMidBody(), FakeResponse.ok(body).resetMidBody());

            assertThatThrownBy(() -> send(post("/t", "{}"))).isInstanceOf(IOException.class);

            HttpResponse<InputStream> streamed = CLIENT.send(post("/t", "{}"), BodyHandlers.ofInputStream());
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(streamed.headers().firstValueAsLong("content-length")).hasValue(body.length());
            try (InputStream in = streamed.body()) {
                assertThatThrownBy(() -> drain(in)).isInstanceOf(IOException.class);
            }
        }

        @Test
        @DisplayName("a chunked body cut short fails the client too")
        void resetMidChunkedBody() {
            server.enqueue(FakeResponse.ok("{\"accessToken\":\"abcdefghijklmnop\"}").chunked().resetMidBody());

            assertThatThrownBy(() -> send(post("/t", "{}"))).isInstanceOf(IOException.class);
        }

        @Test
        @DisplayName("a trickled body arrives whole, in chunks with pauses between them")
        void trickle() throws Exception {
            server.enqueue(FakeResponse.ok("0123456789").trickle(3, Duration.ofMillis(20)));

            long start = System.nanoTime();
            HttpResponse<String> response = send(post("/t", "{}"));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(response.body()).isEqualTo("0123456789");
            // four chunks, three pauses
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(60));
        }

        @Test
        @DisplayName("an oversized body has exactly the requested length and starts with the body")
        void oversized() throws Exception {
            long size = 8L * 1024 * 1024 + 3;
            server.enqueue(FakeResponse.ok("{\"a\":1}").oversized(size));

            HttpResponse<InputStream> response = CLIENT.send(post("/t", "{}"), BodyHandlers.ofInputStream());

            assertThat(response.headers().firstValueAsLong("content-length")).hasValue(size);
            try (InputStream in = response.body()) {
                byte[] start = in.readNBytes(9);
                assertThat(new String(start, UTF_8)).isEqualTo("{\"a\":1}  ");
                assertThat(start.length + drain(in)).isEqualTo(size);
            }
        }

        @Test
        @DisplayName("an oversized chunked body carries no length header")
        void oversizedChunked() throws Exception {
            long size = 1024L * 1024;
            server.enqueue(FakeResponse.ok("").oversized(size).chunked());

            HttpResponse<InputStream> response = CLIENT.send(post("/t", "{}"), BodyHandlers.ofInputStream());

            assertThat(response.headers().firstValue("content-length")).isEmpty();
            try (InputStream in = response.body()) {
                assertThat(drain(in)).isEqualTo(size);
            }
        }

        @Test
        @DisplayName("closing the server ends unanswered, delayed and trickling requests at once")
        void closeEndsWaits() throws Exception {
            CountDownLatch arrived = new CountDownLatch(3);
            List<FakeResponse> slow = List.of(
                    FakeResponse.status(200).neverAnswer(),
                    FakeResponse.ok("{}").delay(Duration.ofHours(1)),
                    FakeResponse.ok("0123456789").trickle(1, Duration.ofHours(1)));
            server.respondWith(request -> {
                arrived.countDown();
                return slow.get(request.sequence() - 1);
            });
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(CLIENT.sendAsync(post("/t", "{}"), BodyHandlers.ofString()));
            }
            assertThat(arrived.await(NO_HANG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            assertTimeoutPreemptively(NO_HANG, server::close);

            for (CompletableFuture<HttpResponse<String>> call : calls) {
                assertThatThrownBy(() -> call.get(NO_HANG.toMillis(), TimeUnit.MILLISECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(IOException.class);
            }
        }
    }

    @Nested
    @DisplayName("recording")
    class Recording {

        @Test
        @DisplayName("records method, raw path and query, headers in any case, and body")
        void recordsEverything() throws Exception {
            server.enqueue(FakeResponse.ok("{}"));
            HttpRequest request = HttpRequest.newBuilder(uri("/v1/api/svplatform/token?a=1&b=x%20y"))
                    .header("CompanyId", "acme")
                    .header("X-Multi", "one")
                    .header("X-Multi", "two")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"é\"}"))
                    .build();

            send(request);
            RecordedRequest recorded = server.takeRequest();

            assertThat(recorded.method()).isEqualTo("POST");
            assertThat(recorded.path()).isEqualTo("/v1/api/svplatform/token");
            assertThat(recorded.query()).isEqualTo("a=1&b=x%20y");
            assertThat(recorded.header("companyid")).contains("acme");
            assertThat(recorded.header("COMPANYID")).contains("acme");
            assertThat(recorded.header("absent")).isEmpty();
            assertThat(recorded.headers()).containsEntry("x-multi", List.of("one", "two"));
            assertThat(recorded.headers().keySet()).allMatch(name -> name.equals(name.toLowerCase()));
            assertThat(recorded.body()).isEqualTo("{\"clientId\":\"é\"}");
            assertThat(recorded.bodyBytes()).isEqualTo("{\"clientId\":\"é\"}".getBytes(UTF_8));
            assertThat(recorded.receivedAt()).isNotNull();
            assertThat(recorded.sequence()).isEqualTo(1);
        }

        @Test
        @DisplayName("a request without query has a null query and an empty body")
        void noQueryNoBody() throws Exception {
            server.enqueue(FakeResponse.status(200));

            send(HttpRequest.newBuilder(uri("/x")).GET().build());

            RecordedRequest recorded = server.lastRequest();
            assertThat(recorded.method()).isEqualTo("GET");
            assertThat(recorded.query()).isNull();
            assertThat(recorded.body()).isEmpty();
        }

        @Test
        @DisplayName("toString shows method, path and header names, never values, query or body")
        void toStringHidesSecrets() throws Exception {
            server.enqueue(FakeResponse.ok("{}"));
            send(HttpRequest.newBuilder(uri("/token?client_secret=q-s3cret"))
                    .header("Authorization", "Bearer h-s3cret")
                    .POST(HttpRequest.BodyPublishers.ofString("appSecret=b-s3cret"))
                    .build());

            String text = server.lastRequest().toString();

            assertThat(text).contains("POST", "/token", "authorization")
                    .doesNotContain("h-s3cret", "q-s3cret", "b-s3cret", "Bearer");
        }

        @Test
        @DisplayName("takeRequest walks the requests in order; lastRequest is the newest")
        void takeAndLast() throws Exception {
            server.respondWith(request -> FakeResponse.status(200));
            send(post("/one", ""));
            send(post("/two", ""));

            assertThat(server.takeRequest().path()).isEqualTo("/one");
            assertThat(server.takeRequest().path()).isEqualTo("/two");
            assertThatThrownBy(server::takeRequest).hasMessageContaining("no request left");
            assertThat(server.lastRequest().path()).isEqualTo("/two");
            assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly("/one", "/two");
        }

        @Test
        @DisplayName("reset forgets requests, count, queue and fallback")
        void reset() throws Exception {
            server.enqueue(FakeResponse.status(200), FakeResponse.status(200));
            server.respondWith(request -> FakeResponse.status(200));
            send(post("/t", ""));

            server.reset();

            assertThat(server.requestCount()).isZero();
            assertThat(server.requests()).isEmpty();
            assertThat(server.pendingResponses()).isZero();
            assertThatThrownBy(server::lastRequest).hasMessageContaining("no request received");
            assertThat(send(post("/t", "")).statusCode()).isEqualTo(500);
            assertThat(server.lastRequest().sequence()).isEqualTo(1);
        }

        @Test
        @DisplayName("records and counts 1,000 concurrent requests, each exactly once")
        void thousandConcurrentRequests() throws Exception {
            int count = 1_000;
            server.respondWith(request -> FakeResponse.ok("{\"n\":" + request.sequence() + "}"));
            ExecutorService clientThreads = Executors.newFixedThreadPool(4);
            try {
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .executor(clientThreads)
                        .build();
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    calls.add(client.sendAsync(post("/t", "{\"i\":" + i + "}"), BodyHandlers.ofString()));
                }
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                        .get(2, TimeUnit.MINUTES);

                assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
                Set<String> answers = calls.stream().map(call -> call.join().body()).collect(Collectors.toSet());
                assertThat(answers).hasSize(count);
            } finally {
                clientThreads.shutdownNow();
            }

            assertThat(server.requestCount()).isEqualTo(count);
            List<RecordedRequest> requests = server.requests();
            assertThat(requests).hasSize(count);
            assertThat(requests).extracting(RecordedRequest::sequence)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, count).boxed().toList());
            assertThat(requests.stream().map(RecordedRequest::body).collect(Collectors.toSet())).hasSize(count);
        }
    }

    @Nested
    @DisplayName("lifecycle")
    class Lifecycle {

        @Test
        @DisplayName("after close the port refuses connections and no dispatcher thread is left")
        void closeTwice() {
            HttpRequest request = post("/t", "");

            server.close();
            server.close();

            assertThatThrownBy(() -> send(request)).isInstanceOf(IOException.class);
            // the only server in this test is closed, and close() joins the JDK's dispatcher
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(thread -> thread.getName().equals("HTTP-Dispatcher") && thread.isAlive());
        }

        @Test
        @DisplayName("several servers run side by side on different ports")
        void sideBySide() throws Exception {
            try (FakeTokenServer other = FakeTokenServer.start()) {
                other.enqueue(FakeResponse.status(202));
                server.enqueue(FakeResponse.status(203));

                assertThat(other.baseUri()).isNotEqualTo(server.baseUri());
                assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create(other.baseUri() + "/t")).build(),
                        BodyHandlers.discarding()).statusCode()).isEqualTo(202);
                assertThat(send(post("/t", "")).statusCode()).isEqualTo(203);
            }
        }
    }
}
