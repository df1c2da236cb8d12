package dev.tokenkit.client.okhttp;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;
import okhttp3.OkHttpClient;

/** OkHttp's blocking {@code execute()} with the interceptor and the authenticator passes the integration contract. */
class OkHttpExecuteContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        OkHttpClient http = OkHttpCalls.client(source);
        return new Client() {
            @Override
            public Answer send(Call call) throws Exception {
                return OkHttpCalls.answer(http.newCall(OkHttpCalls.request(call)).execute());
            }

            @Override
            public void close() {
                OkHttpCalls.shutDown(http);
            }
        };
    }
}
