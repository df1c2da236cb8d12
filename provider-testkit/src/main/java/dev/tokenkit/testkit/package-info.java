/**
 * Test support for tokenkit providers: {@link dev.tokenkit.testkit.TokenProviderContract} checks a
 * provider against a real HTTP server on loopback, on the virtual time of
 * {@link dev.tokenkit.testing.ManualClock} and {@link dev.tokenkit.testing.ManualScheduler}
 * (module {@code dev.tokenkit.testing}, which the kit brings along), so that a test of expiry,
 * refresh-ahead or retry with backoff runs in milliseconds and never races a real deadline.
 */
package dev.tokenkit.testkit;
