package dev.tokenkit.testkit.client;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenReplay;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract.Answer;
import dev.tokenkit.testkit.HttpClientAdapterContract.Call;
import dev.tokenkit.testkit.HttpClientAdapterContract.Client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Optional;
import java.util.Set;

/**
 * A small, correct integration over the JDK's {@link HttpClient} (blocking only), written the way a
 * third party would with {@link TokenReplay}: it follows redirects itself, with the token only on
 * the request's origin. The broken fixtures each change one decision.
 */
class SampleAdapter implements Client {
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_HOPS = 5;

    final TokenSource source;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    SampleAdapter(TokenSource source) {
        this.source = source;
    }

    /**
     * The answer that ended the hops, and the {@code Authorization} value of the request it
     * answers ({@code null} when that hop carried none).
     */
    record Sent(HttpResponse<String> response, String carried) {
    }

    @Override
    public Answer send(Call call) throws Exception {
        String sent = source.token().authorizationHeader();
        Sent answer = send(call, sent);
        if (!rejects(sent, answer)) {
            return answer(answer);
        }
        if (!replayable(call)) {
            source.invalidate(sent);
            return answer(answer);
        }
        Optional<AccessToken> next = replacement(sent);
        return answer(next.isEmpty() ? answer : send(call, next.get().authorizationHeader()));
    }

    boolean rejects(String sent, Sent answer) {
        HttpResponse<String> response = answer.response();
        return TokenReplay.rejectsToken(sent, answer.carried(), response.statusCode(),
                response.headers().allValues(TokenReplay.WWW_AUTHENTICATE));
    }

    boolean replayable(Call call) {
        return !call.oneShot();
    }

    Optional<AccessToken> replacement(String sent) {
        return TokenReplay.replacement(source, sent);
    }

    /** Whether the token goes on a hop to {@code target}, for a request addressed to {@code addressed}. */
    boolean carriesTo(URI addressed, URI target) {
        return TokenReplay.sameOrigin(addressed, target);
    }

    /** Sends the call with the header and follows its redirects, the header only as far as its origin. */
    Sent send(Call call, String header) throws Exception {
        URI uri = call.uri();
        String method = call.method();
        byte[] body = call.body();
        String carried = header;
        for (int hop = 1; ; hop++) {
            HttpResponse<String> response = http.send(request(call, uri, method, body, carried), BodyHandlers.ofString());
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (hop == MAX_HOPS || !REDIRECTS.contains(status) || location.isEmpty()) {
                return new Sent(response, carried);
            }
            URI to = uri.resolve(location.get());
            if (status == 303 || status != 307 && status != 308 && method.equals("POST")) {
                method = "GET";
                body = null;
            }
            carried = carried != null && carriesTo(call.uri(), to) ? carried : null;
            uri = to;
        }
    }

    private static HttpRequest request(Call call, URI uri, String method, byte[] body, String header) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(method, body(call, body));
        if (header != null) {
            builder.header(TokenReplay.AUTHORIZATION, header);
        }
        return builder.build();
    }

    /** A one-shot body is a publisher the adapter must treat as one it cannot subscribe to again. */
    private static BodyPublisher body(Call call, byte[] body) {
        BodyPublisher bytes = body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body);
        return call.oneShot() ? BodyPublishers.fromPublisher(bytes) : bytes;
    }

    static Answer answer(Sent sent) {
        return new Answer(sent.response().statusCode(), sent.response().body());
    }
}
