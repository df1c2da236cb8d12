/**
 * {@link dev.tokenkit.webflux.TokenExchangeFilter}: a {@link dev.tokenkit.TokenSource}'s token on
 * every request of a Spring {@code WebClient}, without blocking, and a {@code 401} healed once.
 */
package dev.tokenkit.webflux;
