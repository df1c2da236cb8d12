package dev.tokenkit.client.jdk;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;

import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;

/** {@link TokenHttpClient#send} passes the integration contract. */
class JdkSendContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        HttpClient http = TokenHttpClient.wrap(JdkCalls.http(), source);
        return call -> JdkCalls.answer(http.send(JdkCalls.request(call), BodyHandlers.ofString()));
    }
}
