/**
 * Virtual time for tests: {@link dev.tokenkit.testing.ManualClock} and
 * {@link dev.tokenkit.testing.ManualScheduler} run token lifecycles on a clock that moves only
 * when the test moves it, so that a test of expiry, refresh-ahead or retry with backoff runs in
 * milliseconds and never races a real deadline. {@link dev.tokenkit.testing.RedisServer} runs a
 * real {@code redis-server} on a free loopback port that a test can stop, hang and restart.
 */
package dev.tokenkit.testing;
