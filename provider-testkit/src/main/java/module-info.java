/**
 * tokenkit's provider testkit: a fake token server that speaks real HTTP on loopback
 * ({@code dev.tokenkit.testkit.server}), and a manual clock and scheduler for deterministic
 * lifecycle tests ({@code dev.tokenkit.testkit}).
 *
 * <p>The kit is an ordinary jar that provider modules use in test scope. It ships JUnit and
 * AssertJ code, so both are required transitively. The {@code server} package depends on the
 * JDK only, so tools such as the command line can run the fake server without JUnit.
 */
module dev.tokenkit.testkit {
    requires transitive dev.tokenkit;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    // implementation detail of FakeTokenServer: no com.sun.net.httpserver type is in the API
    requires jdk.httpserver;
    // the contract captures System.Logger output through its default java.util.logging backend
    requires java.logging;

    exports dev.tokenkit.testkit;
    exports dev.tokenkit.testkit.server;
}
