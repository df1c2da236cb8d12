/**
 * tokenkit's helpers for tests: virtual time ({@link dev.tokenkit.testing.ManualClock} and
 * {@link dev.tokenkit.testing.ManualScheduler}) and a real {@code redis-server} process on
 * loopback ({@link dev.tokenkit.testing.RedisServer}) for stores that keep tokens in Redis.
 *
 * <p>The module depends on the JDK only, not even on tokenkit's core, so that the core's own
 * tests can use it. The provider testkit ({@code dev.tokenkit.testkit}) requires it
 * transitively, so provider authors get it with the kit.
 */
module dev.tokenkit.testing {
    exports dev.tokenkit.testing;
}
