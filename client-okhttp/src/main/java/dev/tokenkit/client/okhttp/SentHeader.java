package dev.tokenkit.client.okhttp;

/**
 * The {@code Authorization} value {@link TokenInterceptor} put on a call, kept as the request's
 * tag: OkHttp copies tags to its follow-ups (redirects, the authenticator's replay), so
 * {@link TokenAuthenticator} can tell whether the request a {@code 401} answers carried exactly
 * our header. Its {@code toString()} shows no token.
 *
 * @param value the header value
 */
record SentHeader(String value) {
    @Override
    public String toString() {
        return "SentHeader[****]";
    }
}
