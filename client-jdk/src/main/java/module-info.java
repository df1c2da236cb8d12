/**
 * tokenkit for the JDK's {@link java.net.http.HttpClient}:
 * {@link dev.tokenkit.client.jdk.TokenHttpClient} puts a token source's token on every request
 * and heals a {@code 401} once. Needs nothing beyond tokenkit's core and the JDK.
 */
module dev.tokenkit.client.jdk {
    // TokenSource in the API; java.net.http comes with it (dev.tokenkit requires it transitively)
    requires transitive dev.tokenkit;

    exports dev.tokenkit.client.jdk;
}
