package dev.tokenkit.client.jdk;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;

import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.TimeUnit;

/** {@link TokenHttpClient#sendAsync} passes the integration contract, on a client that follows redirects (ALWAYS). */
class JdkSendAsyncContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        HttpClient http = TokenHttpClient.wrap(JdkCalls.http(HttpClient.Redirect.ALWAYS), source);
        return call -> JdkCalls.answer(http.sendAsync(JdkCalls.request(call), BodyHandlers.ofString())
                .get(60, TimeUnit.SECONDS));
    }
}
