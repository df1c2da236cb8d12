/**
 * Test support for tokenkit providers, stores and HTTP client integrations.
 * {@link dev.tokenkit.testkit.TokenProviderContract} checks a provider against a real HTTP server
 * on loopback, on the virtual time of {@link dev.tokenkit.testing.ManualClock} and
 * {@link dev.tokenkit.testing.ManualScheduler} (module {@code dev.tokenkit.testing}, which the kit
 * brings along), so that a test of expiry, refresh-ahead or retry with backoff runs in milliseconds
 * and never races a real deadline. {@link dev.tokenkit.testkit.TokenStoreContract} checks a token
 * store. {@link dev.tokenkit.testkit.HttpClientAdapterContract} checks an HTTP client integration
 * against a {@link dev.tokenkit.testkit.ResourceServer} and a
 * {@link dev.tokenkit.testkit.TestTokenEndpoint}.
 */
package dev.tokenkit.testkit;
