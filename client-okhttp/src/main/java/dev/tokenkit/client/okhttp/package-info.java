/**
 * {@link dev.tokenkit.client.okhttp.TokenInterceptor} and
 * {@link dev.tokenkit.client.okhttp.TokenAuthenticator}: a {@link dev.tokenkit.TokenSource}'s token
 * on every OkHttp request, and a {@code 401} healed once.
 */
package dev.tokenkit.client.okhttp;
