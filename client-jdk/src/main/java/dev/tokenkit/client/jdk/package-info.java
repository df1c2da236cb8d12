/**
 * {@link dev.tokenkit.client.jdk.TokenHttpClient}: a {@link java.net.http.HttpClient} that puts
 * a {@link dev.tokenkit.TokenSource}'s token on every request and heals a {@code 401} once.
 */
package dev.tokenkit.client.jdk;
