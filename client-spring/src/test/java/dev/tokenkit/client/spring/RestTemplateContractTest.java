package dev.tokenkit.client.spring;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code RestTemplate} on {@code HttpURLConnection} (Spring's {@code SimpleClientHttpRequestFactory},
 * told to follow no redirect, as the interceptor's Javadoc asks) with the interceptor passes the
 * integration contract.
 */
class RestTemplateContractTest extends HttpClientAdapterContract {
    /** {@code HttpURLConnection} that follows no redirect: the factory follows those of a GET by default. */
    static SimpleClientHttpRequestFactory followingNone() {
        return new SimpleClientHttpRequestFactory() {
            @Override
            protected void prepareConnection(HttpURLConnection connection, String httpMethod) throws IOException {
                super.prepareConnection(connection, httpMethod);
                connection.setInstanceFollowRedirects(false);
            }
        };
    }

    @Override
    protected Client client(TokenSource source) {
        RestTemplate rest = new RestTemplate(followingNone());
        rest.setInterceptors(List.of(new TokenClientHttpRequestInterceptor(source)));
        rest.setErrorHandler(new ResponseErrorHandler() {
            @Override
            public boolean hasError(ClientHttpResponse response) {
                return false; // the kit reads every status
            }
        });
        return call -> rest.execute(call.uri(), HttpMethod.valueOf(call.method()), request -> {
            if (call.body() != null) {
                request.getHeaders().setContentType(MediaType.TEXT_PLAIN);
                request.getBody().write(call.body());
            }
        }, response -> new Answer(response.getStatusCode().value(),
                StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)));
    }

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
