/**
 * tokenkit for Spring's {@code RestClient} and {@code RestTemplate}:
 * {@link dev.tokenkit.client.spring.TokenClientHttpRequestInterceptor} puts a token source's token
 * on every request and heals a {@code 401} once.
 *
 * <p>Spring Framework ships no module descriptors; its jars are the automatic modules
 * {@code spring.web}, {@code spring.core} and so on.
 */
module dev.tokenkit.client.spring {
    requires transitive dev.tokenkit;
    // ClientHttpRequestInterceptor is in the API
    requires transitive spring.web;

    exports dev.tokenkit.client.spring;
}
