/**
 * tokenkit for OkHttp 5: {@link dev.tokenkit.client.okhttp.TokenInterceptor} puts a token
 * source's token on every request, {@link dev.tokenkit.client.okhttp.TokenAuthenticator} heals a
 * {@code 401} once and never loops.
 *
 * <p>OkHttp 5's JVM jar ({@code com.squareup.okhttp3:okhttp-jvm}) is the named module
 * {@code okhttp3}; it requires {@code kotlin.stdlib} and {@code okio} (an automatic module, from
 * {@code okio-jvm}) transitively.
 */
module dev.tokenkit.client.okhttp {
    requires transitive dev.tokenkit;
    // Interceptor and Authenticator are in the API
    requires transitive okhttp3;

    exports dev.tokenkit.client.okhttp;
}
