package dev.tokenkit.testkit.client;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenReplay;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract.Answer;
import dev.tokenkit.testkit.HttpClientAdapterContract.Call;
import dev.tokenkit.testkit.HttpClientAdapterContract.Client;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Optional;

/**
 * A small, correct integration over the JDK's {@link HttpClient} (blocking only), written the way a
 * third party would with {@link TokenReplay}. The broken fixtures each change one decision.
 */
class SampleAdapter implements Client {
    final TokenSource source;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    SampleAdapter(TokenSource source) {
        this.source = source;
    }

    @Override
    public Answer send(Call call) throws Exception {
        AccessToken token = source.token();
        HttpResponse<String> response = send(call, token);
        if (!rejects(response)) {
            return answer(response);
        }
        String sent = token.authorizationHeader();
        if (!replayable(call)) {
            source.invalidate(sent);
            return answer(response);
        }
        Optional<AccessToken> next = replacement(sent);
        return answer(next.isEmpty() ? response : send(call, next.get()));
    }

    boolean rejects(HttpResponse<?> response) {
        return TokenReplay.rejectsToken(response.statusCode(), response.headers().allValues(TokenReplay.WWW_AUTHENTICATE));
    }

    boolean replayable(Call call) {
        return !call.oneShot();
    }

    Optional<AccessToken> replacement(String sent) {
        return TokenReplay.replacement(source, sent);
    }

    HttpResponse<String> send(Call call, AccessToken token) throws Exception {
        return http.send(HttpRequest.newBuilder(call.uri()).method(call.method(), body(call))
                .header(TokenReplay.AUTHORIZATION, token.authorizationHeader()).build(), BodyHandlers.ofString());
    }

    /** A one-shot body is a publisher the adapter must treat as one it cannot subscribe to again. */
    private static BodyPublisher body(Call call) {
        BodyPublisher bytes = call.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(call.body());
        return call.oneShot() ? BodyPublishers.fromPublisher(bytes) : bytes;
    }

    static Answer answer(HttpResponse<String> response) {
        return new Answer(response.statusCode(), response.body());
    }
}
