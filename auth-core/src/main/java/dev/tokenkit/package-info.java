/**
 * The tokenkit API: load a provider by id from {@link dev.tokenkit.TokenProviders}, configure it
 * with a {@link dev.tokenkit.ProviderConfig}, and get {@link dev.tokenkit.AccessToken}s from a
 * {@link dev.tokenkit.TokenSource}. Errors are {@link dev.tokenkit.TokenException}s.
 */
package dev.tokenkit;
