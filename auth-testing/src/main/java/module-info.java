/**
 * tokenkit's virtual time for tests: {@link dev.tokenkit.testing.ManualClock} and
 * {@link dev.tokenkit.testing.ManualScheduler}.
 *
 * <p>The module depends on the JDK only, not even on tokenkit's core, so that the core's own
 * tests can use it. The provider testkit ({@code dev.tokenkit.testkit}) requires it
 * transitively, so provider authors get it with the kit.
 */
module dev.tokenkit.testing {
    exports dev.tokenkit.testing;
}
