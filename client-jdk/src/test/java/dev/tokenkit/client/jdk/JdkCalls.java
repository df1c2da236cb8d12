package dev.tokenkit.client.jdk;

import dev.tokenkit.testkit.HttpClientAdapterContract.Answer;
import dev.tokenkit.testkit.HttpClientAdapterContract.Call;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

/** The kit's calls as JDK requests; a one-shot body is an input stream the client can read once. */
final class JdkCalls {
    private JdkCalls() {
    }

    static HttpClient http() {
        return http(HttpClient.Redirect.NEVER);
    }

    static HttpClient http(HttpClient.Redirect redirects) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(redirects).build();
    }

    static HttpRequest request(Call call) {
        return HttpRequest.newBuilder(call.uri()).method(call.method(), body(call)).build();
    }

    private static BodyPublisher body(Call call) {
        if (call.body() == null) {
            return BodyPublishers.noBody();
        }
        if (call.oneShot()) {
            ByteArrayInputStream once = new ByteArrayInputStream(call.body());
            return BodyPublishers.ofInputStream(() -> once);
        }
        return BodyPublishers.ofByteArray(call.body());
    }

    static Answer answer(HttpResponse<String> response) {
        return new Answer(response.statusCode(), response.body());
    }
}
