package dev.tokenkit.testkit.sample;

/**
 * Contract runs for the broken providers. The class names end in "Fixture" so that surefire does
 * not run them on their own: {@code ContractSelfTest} runs them through the JUnit engine and
 * checks that the contract fails each one.
 */
final class BrokenProviderFixtures {
    private BrokenProviderFixtures() {
    }

    /** The contract against {@link BrokenProviders.Leaky}. */
    static class LeakyFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "leaky";
        }
    }

    /** The contract against {@link BrokenProviders.WrongBody}. */
    static class WrongBodyFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "wrong-body";
        }
    }

    /** The contract against {@link BrokenProviders.StatusBlind}. */
    static class StatusBlindFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "status-blind";
        }
    }
}
