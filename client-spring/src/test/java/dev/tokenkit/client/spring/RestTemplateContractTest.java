package dev.tokenkit.client.spring;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code RestTemplate} on {@code HttpURLConnection} ({@link NoRedirectRequestFactory}, which follows
 * no redirect, as the interceptor's Javadoc asks) with the interceptor passes the integration
 * contract. On the plain {@code SimpleClientHttpRequestFactory}, which follows a {@code GET}'s
 * redirects, the six {@code foreign401} rows of a {@code GET} answered {@code 302}, {@code 303} or
 * {@code 307} fail: the other server's {@code 401} costs a refetch.
 */
class RestTemplateContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        RestTemplate rest = new RestTemplate(new NoRedirectRequestFactory());
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
