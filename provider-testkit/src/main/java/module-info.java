/**
 * tokenkit's provider testkit: the provider contract ({@code dev.tokenkit.testkit}) and a fake
 * token server that speaks real HTTP on loopback ({@code dev.tokenkit.testkit.server}). The
 * manual clock and scheduler for deterministic lifecycle tests live in {@code dev.tokenkit.testing},
 * which this module requires transitively, so users of the kit get them with it.
 *
 * <p>The kit is an ordinary jar that provider modules use in test scope. It ships JUnit and
 * AssertJ code, so both are required transitively. The {@code server} package depends on the
 * JDK only, so tools such as the command line can run the fake server without JUnit.
 */
module dev.tokenkit.testkit {
    requires transitive dev.tokenkit;
    // ManualClock and ManualScheduler appear in the contract's API, and the kit's users use them
    requires transitive dev.tokenkit.testing;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    // implementation detail of FakeTokenServer: no com.sun.net.httpserver type is in the API
    requires jdk.httpserver;
    // the contract captures System.Logger output through its default java.util.logging backend
    requires java.logging;

    exports dev.tokenkit.testkit;
    exports dev.tokenkit.testkit.server;
}
