package dev.tokenkit.benchmarks;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;

/**
 * A Spring request factory whose requests answer {@code 200} with an empty body without any I/O:
 * the terminal of {@link ClientAdapterBench}, so that only the interceptor's own work (and the
 * machinery Spring adds for any interceptor) is measured.
 */
final class NoNetworkRequestFactory implements ClientHttpRequestFactory {
    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
        return new Request(uri, method);
    }

    private static final class Request extends AbstractClientHttpRequest {
        private final URI uri;
        private final HttpMethod method;

        Request(URI uri, HttpMethod method) {
            this.uri = uri;
            this.method = method;
        }

        @Override
        public HttpMethod getMethod() {
            return method;
        }

        @Override
        public URI getURI() {
            return uri;
        }

        @Override
        protected OutputStream getBodyInternal(HttpHeaders headers) {
            return OutputStream.nullOutputStream();
        }

        @Override
        protected ClientHttpResponse executeInternal(HttpHeaders headers) {
            return new Response();
        }
    }

    private static final class Response implements ClientHttpResponse {
        private final HttpHeaders headers = new HttpHeaders();

        @Override
        public HttpStatusCode getStatusCode() {
            return HttpStatus.OK;
        }

        @Override
        public String getStatusText() {
            return "OK";
        }

        @Override
        public void close() {
        }

        @Override
        public InputStream getBody() {
            return InputStream.nullInputStream();
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }
    }
}
