package dev.tokenkit.client.okhttp;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;
import okhttp3.Callback;
import okhttp3.Response;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * OkHttp's asynchronous {@code enqueue()} with the interceptor and the authenticator passes the integration contract.
 * ({@code okhttp3.Call} is spelled out: the kit's {@code Call} shadows it here.)
 */
class OkHttpEnqueueContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        return OkHttpCalls.kitClient(source, (http, request) -> {
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            http.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(okhttp3.Call call, IOException e) {
                    answer.completeExceptionally(e);
                }

                @Override
                public void onResponse(okhttp3.Call call, Response response) {
                    try {
                        answer.complete(OkHttpCalls.answer(response));
                    } catch (IOException | RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                }
            });
            return answer.get(60, TimeUnit.SECONDS);
        });
    }
}
