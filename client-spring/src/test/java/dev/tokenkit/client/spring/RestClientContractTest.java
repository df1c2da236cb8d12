package dev.tokenkit.client.spring;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;

import java.nio.charset.StandardCharsets;

/** {@code RestClient} (on its default JDK HttpClient request factory) with the interceptor passes the integration contract. */
class RestClientContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        RestClient rest = RestClient.builder().requestInterceptor(new TokenClientHttpRequestInterceptor(source)).build();
        return call -> {
            RestClient.RequestBodySpec spec = rest.method(HttpMethod.valueOf(call.method())).uri(call.uri());
            if (call.body() != null) {
                spec.contentType(MediaType.TEXT_PLAIN).body(call.body());
            }
            return spec.exchange((request, response) -> new Answer(response.getStatusCode().value(),
                    StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)));
        };
    }

    /** The default request factory's JDK client follows no redirect. */
    @Override
    protected boolean followsRedirects(String method, int status) {
        return false;
    }

    /** Spring buffers every body for its interceptors: none is one-shot by the time the interceptor sees it. */
    @Override
    protected boolean sendsOneShotBodies() {
        return false;
    }
}
