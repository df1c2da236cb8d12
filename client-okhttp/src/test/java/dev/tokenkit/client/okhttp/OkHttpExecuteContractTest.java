package dev.tokenkit.client.okhttp;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;

/** OkHttp's blocking {@code execute()} with the interceptor and the authenticator passes the integration contract. */
class OkHttpExecuteContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        return OkHttpCalls.kitClient(source, (http, request) -> OkHttpCalls.answer(http.newCall(request).execute()));
    }
}
