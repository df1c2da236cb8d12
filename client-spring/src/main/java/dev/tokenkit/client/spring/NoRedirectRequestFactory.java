package dev.tokenkit.client.spring;

import org.springframework.http.client.SimpleClientHttpRequestFactory;

import java.io.IOException;
import java.net.HttpURLConnection;

/**
 * {@code RestTemplate}'s default request factory ({@code HttpURLConnection}), told to follow no
 * redirect, for a client with a {@link TokenClientHttpRequestInterceptor}:
 *
 * <pre>{@code
 * RestTemplate template = new RestTemplate(new NoRedirectRequestFactory());
 * template.getInterceptors().add(new TokenClientHttpRequestInterceptor(source));
 * }</pre>
 *
 * <p>The plain {@link SimpleClientHttpRequestFactory} follows the redirects of a {@code GET}
 * inside {@code HttpURLConnection}, where no interceptor sees them: a {@code 401} from another
 * server that the API redirected to comes back as if it were the API's, and the interceptor
 * takes it for a rejection of its token (one refetch, and a replay). With this factory the
 * caller gets the {@code 3xx} and decides. Timeouts, proxy and the other settings are the
 * superclass's.
 */
public final class NoRedirectRequestFactory extends SimpleClientHttpRequestFactory {
    /** A factory that follows no redirect, with {@link SimpleClientHttpRequestFactory}'s defaults otherwise. */
    public NoRedirectRequestFactory() {
    }

    /**
     * Prepares the connection as the superclass does, then turns off following redirects.
     *
     * @param connection the connection
     * @param httpMethod the method
     * @throws IOException when the superclass's preparation fails
     */
    @Override
    protected void prepareConnection(HttpURLConnection connection, String httpMethod) throws IOException {
        super.prepareConnection(connection, httpMethod);
        connection.setInstanceFollowRedirects(false);
    }
}
