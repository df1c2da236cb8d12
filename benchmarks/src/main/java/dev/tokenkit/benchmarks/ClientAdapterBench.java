package dev.tokenkit.benchmarks;

import dev.tokenkit.TokenSource;
import dev.tokenkit.client.jdk.TokenHttpClient;
import dev.tokenkit.client.okhttp.TokenAuthenticator;
import dev.tokenkit.client.okhttp.TokenInterceptor;
import dev.tokenkit.client.spring.TokenClientHttpRequestInterceptor;
import dev.tokenkit.webflux.TokenExchangeFilter;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What each HTTP client integration adds to a request, against setting the header by hand in the
 * same client: {@code xByHand} builds the request with
 * {@code header("Authorization", source.token().authorizationHeader())} and sends it;
 * {@code xIntegration} sends the request without the header through the integration, which reads
 * the same cached token. The difference of a pair is the integration's overhead per request
 * (goal: under 1 µs).
 *
 * <p>No request leaves the process: each client ends in a terminal that answers {@code 200}
 * at once (an OkHttp application interceptor that does not proceed, {@link NoNetworkHttpClient},
 * {@link NoNetworkRequestFactory}, a WebClient {@link ExchangeFunction} that answers without a
 * connector), so the figures are the libraries' own per-call work plus the
 * integration's, without a network's noise, in which overheads of this size would be lost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClientAdapterBench {
    static final URI URI_ = URI.create("http://127.0.0.1:9/api/orders");

    private TokenSource source;
    private HttpClient jdkPlain;
    private HttpClient jdkIntegration;
    private OkHttpClient okPlain;
    private OkHttpClient okIntegration;
    private Request okRequest;
    private RestClient springPlain;
    private RestClient springIntegration;
    private RestClient springEmptyInterceptor;
    private WebClient webfluxPlain;
    private WebClient webfluxIntegration;

    /** Creates the benchmark state (JMH calls it). */
    public ClientAdapterBench() {
    }

    /** Builds the clients over one primed source whose token lives 24 hours. */
    @Setup
    public void setUp() {
        source = TokenSource.builder(new FixedLifetimeProvider("client-bench-token", Duration.ofHours(24))).build();
        source.token();

        jdkPlain = new NoNetworkHttpClient();
        jdkIntegration = TokenHttpClient.wrap(jdkPlain, source);

        Interceptor terminal = chain -> new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1)
                .code(200).message("OK").body(ResponseBody.create(new byte[0], null)).build();
        okPlain = new OkHttpClient.Builder().addInterceptor(terminal).build();
        okIntegration = new OkHttpClient.Builder()
                .addInterceptor(new TokenInterceptor(source)).addInterceptor(terminal)
                .authenticator(new TokenAuthenticator(source)).build();
        okRequest = new Request.Builder().url(URI_.toString()).build();

        NoNetworkRequestFactory factory = new NoNetworkRequestFactory();
        springPlain = RestClient.builder().requestFactory(factory).build();
        springIntegration = RestClient.builder().requestFactory(factory)
                .requestInterceptor(new TokenClientHttpRequestInterceptor(source)).build();
        springEmptyInterceptor = RestClient.builder().requestFactory(factory)
                .requestInterceptor((request, body, execution) -> execution.execute(request, body)).build();

        ExchangeFunction answer = request -> Mono.just(ClientResponse.create(HttpStatus.OK).build());
        webfluxPlain = WebClient.builder().exchangeFunction(answer).build();
        webfluxIntegration = WebClient.builder().exchangeFunction(answer).filter(TokenExchangeFilter.of(source)).build();
    }

    /** Closes the source and OkHttp's threads. */
    @TearDown
    public void tearDown() {
        source.close();
        okPlain.dispatcher().executorService().shutdown();
        okIntegration.dispatcher().executorService().shutdown();
    }

    /**
     * JDK {@code HttpClient}, the header set by hand.
     *
     * @return the answer
     * @throws IOException          never, without a network
     * @throws InterruptedException never
     */
    @Benchmark
    public HttpResponse<Void> jdkByHand() throws IOException, InterruptedException {
        return jdkPlain.send(HttpRequest.newBuilder(URI_).header("Authorization", source.token().authorizationHeader())
                .build(), BodyHandlers.discarding());
    }

    /**
     * JDK {@code HttpClient} through {@link TokenHttpClient}.
     *
     * @return the answer
     * @throws IOException          never, without a network
     * @throws InterruptedException never
     */
    @Benchmark
    public HttpResponse<Void> jdkIntegration() throws IOException, InterruptedException {
        return jdkIntegration.send(HttpRequest.newBuilder(URI_).build(), BodyHandlers.discarding());
    }

    /**
     * OkHttp, the header set by hand.
     *
     * @return the status
     * @throws IOException never, without a network
     */
    @Benchmark
    public int okhttpByHand() throws IOException {
        try (Response r = okPlain.newCall(okRequest.newBuilder().header("Authorization",
                source.token().authorizationHeader()).build()).execute()) {
            return r.code();
        }
    }

    /**
     * OkHttp through {@link TokenInterceptor} (and {@link TokenAuthenticator}, idle on a 200).
     *
     * @return the status
     * @throws IOException never, without a network
     */
    @Benchmark
    public int okhttpIntegration() throws IOException {
        try (Response r = okIntegration.newCall(okRequest).execute()) {
            return r.code();
        }
    }

    /**
     * Spring {@code RestClient}, the header set by hand.
     *
     * @return the answer
     */
    @Benchmark
    public ResponseEntity<Void> springByHand() {
        return springPlain.get().uri(URI_).header("Authorization", source.token().authorizationHeader()).retrieve()
                .toBodilessEntity();
    }

    /**
     * Spring {@code RestClient}, the header set by hand, with an interceptor that does nothing: what
     * Spring's interceptor machinery costs (it buffers the body and wraps the request for any
     * interceptor), apart from the integration's own work.
     *
     * @return the answer
     */
    @Benchmark
    public ResponseEntity<Void> springByHandEmptyInterceptor() {
        return springEmptyInterceptor.get().uri(URI_).header("Authorization", source.token().authorizationHeader())
                .retrieve().toBodilessEntity();
    }

    /**
     * Spring {@code RestClient} through {@link TokenClientHttpRequestInterceptor}.
     *
     * @return the answer
     */
    @Benchmark
    public ResponseEntity<Void> springIntegration() {
        return springIntegration.get().uri(URI_).retrieve().toBodilessEntity();
    }

    /**
     * Spring {@code WebClient}, the header set by hand, waited for on the benchmark's thread.
     *
     * @return the answer
     */
    @Benchmark
    public ResponseEntity<Void> webfluxByHand() {
        return webfluxPlain.get().uri(URI_).header("Authorization", source.token().authorizationHeader()).retrieve()
                .toBodilessEntity().block();
    }

    /**
     * Spring {@code WebClient} through {@link TokenExchangeFilter}, waited for on the benchmark's thread.
     *
     * @return the answer
     */
    @Benchmark
    public ResponseEntity<Void> webfluxIntegration() {
        return webfluxIntegration.get().uri(URI_).retrieve().toBodilessEntity().block();
    }
}
