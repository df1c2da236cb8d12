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
 * {@code RestTemplate} (on its default request factory, {@code HttpURLConnection}) with the
 * interceptor passes the integration contract.
 */
class RestTemplateContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        RestTemplate rest = new RestTemplate();
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

    /** Spring buffers every body for its interceptors: none is one-shot by the time the interceptor sees it. */
    @Override
    protected boolean sendsOneShotBodies() {
        return false;
    }
}
