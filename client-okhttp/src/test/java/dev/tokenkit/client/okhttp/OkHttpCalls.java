package dev.tokenkit.client.okhttp;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract.Answer;
import dev.tokenkit.testkit.HttpClientAdapterContract.Call;
import dev.tokenkit.testkit.HttpClientAdapterContract.Client;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

import java.io.IOException;

/** The kit's calls as OkHttp requests, on a client equipped with the interceptor and the authenticator. */
final class OkHttpCalls {
    static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

    private OkHttpCalls() {
    }

    /** A client for the kit: the integration, and a dispatcher that runs the kit's 100 concurrent calls at once. */
    static OkHttpClient client(TokenSource source) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(256);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .addInterceptor(new TokenInterceptor(source))
                .authenticator(new TokenAuthenticator(source))
                .build();
    }

    /** How a contract test sends a call with the client. */
    @FunctionalInterface
    interface Sender {
        Answer send(OkHttpClient http, Request request) throws Exception;
    }

    /** The kit's client: {@link #client(TokenSource)}, sending with {@code sender}, shut down after each check. */
    static Client kitClient(TokenSource source, Sender sender) {
        OkHttpClient http = client(source);
        return new Client() {
            @Override
            public Answer send(Call call) throws Exception {
                return sender.send(http, request(call));
            }

            @Override
            public void close() {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        };
    }

    static Request request(Call call) {
        return new Request.Builder().url(call.uri().toString()).method(call.method(), body(call)).build();
    }

    private static RequestBody body(Call call) {
        if (call.body() == null) {
            return null;
        }
        return call.oneShot() ? oneShot(call.body()) : RequestBody.create(call.body(), TEXT);
    }

    /** A body OkHttp must not send twice, as a streamed upload would be. */
    static RequestBody oneShot(byte[] bytes) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return TEXT;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(bytes);
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
    }

    static Answer answer(Response response) throws IOException {
        try (response) {
            return new Answer(response.code(), response.body().string());
        }
    }
}
