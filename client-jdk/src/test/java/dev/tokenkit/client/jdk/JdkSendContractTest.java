package dev.tokenkit.client.jdk;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;

import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;

/** {@link TokenHttpClient#send} passes the integration contract, on a client that follows redirects (NORMAL). */
class JdkSendContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        HttpClient http = TokenHttpClient.wrap(JdkCalls.http(HttpClient.Redirect.NORMAL), source);
        return call -> JdkCalls.answer(http.send(JdkCalls.request(call), BodyHandlers.ofString()));
    }
}
