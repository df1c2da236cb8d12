/**
 * tokenkit's testkit: the provider, store and HTTP client integration contracts, the resource
 * server and test token endpoint the latter runs against, and the JUnit extension of the fake
 * token server ({@code dev.tokenkit.testkit}). The fake server and the vendor emulators
 * ({@code dev.tokenkit.emulators}) and the manual clock and scheduler for deterministic
 * lifecycle tests ({@code dev.tokenkit.testing}) live in modules of their own, which this module
 * requires transitively, so users of the kit get them with it.
 *
 * <p>The kit is an ordinary jar that provider modules use in test scope. It ships JUnit and
 * AssertJ code, so both are required transitively.
 */
// javac's 'module' lint warns that the modules the docs tooling is exported to are not built yet
@SuppressWarnings("module")
module dev.tokenkit.testkit {
    requires transitive dev.tokenkit;
    // ManualClock and ManualScheduler appear in the contract's API, and the kit's users use them
    requires transitive dev.tokenkit.testing;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    // the client contract's redirect rows are parameterized tests
    requires org.junit.jupiter.params;
    // FakeTokenServer and the emulators appear in the contract's API
    requires transitive dev.tokenkit.emulators;
    // the contract captures System.Logger output through its default java.util.logging backend
    requires java.logging;

    exports dev.tokenkit.testkit;
    // tokenkit's own tests check the Markdown snippets of its docs with it: not part of the kit
    exports dev.tokenkit.testkit.docs to dev.tokenkit.client.jdk, dev.tokenkit.client.okhttp,
            dev.tokenkit.client.spring, dev.tokenkit.grpc, dev.tokenkit.metrics.micrometer;

    // the discovery checks look up the provider's factory with ServiceLoader, as core does
    uses dev.tokenkit.spi.TokenProviderFactory;
}
