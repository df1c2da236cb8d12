/**
 * Test support for tokenkit and its providers: {@link dev.tokenkit.testkit.ManualClock} and
 * {@link dev.tokenkit.testkit.ManualScheduler} run token lifecycles on virtual time, so that a
 * test of expiry, refresh-ahead or retry with backoff runs in milliseconds and never races a
 * real deadline.
 */
package dev.tokenkit.testkit;
