/**
 * {@link dev.tokenkit.client.spring.TokenClientHttpRequestInterceptor}: a
 * {@link dev.tokenkit.TokenSource}'s token on every request of a Spring {@code RestClient} or
 * {@code RestTemplate}, and a {@code 401} healed once.
 */
package dev.tokenkit.client.spring;
