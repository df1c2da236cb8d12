package dev.tokenkit.client.okhttp;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Response;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** OkHttp's asynchronous {@code enqueue()} with the interceptor and the authenticator passes the integration contract. */
class OkHttpEnqueueContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        OkHttpClient http = OkHttpCalls.client(source);
        return new Client() {
            @Override
            public Answer send(Call call) throws Exception {
                CompletableFuture<Answer> answer = new CompletableFuture<>();
                http.newCall(OkHttpCalls.request(call)).enqueue(new Callback() {
                    @Override
                    public void onFailure(okhttp3.Call c, IOException e) {
                        answer.completeExceptionally(e);
                    }

                    @Override
                    public void onResponse(okhttp3.Call c, Response response) {
                        try {
                            answer.complete(OkHttpCalls.answer(response));
                        } catch (IOException | RuntimeException e) {
                            answer.completeExceptionally(e);
                        }
                    }
                });
                return answer.get(60, TimeUnit.SECONDS);
            }

            @Override
            public void close() {
                OkHttpCalls.shutDown(http);
            }
        };
    }
}
