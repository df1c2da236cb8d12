package dev.tokenkit.testkit;

/**
 * The base of each group of checks: one concern per subclass, in a file of its own, nested into
 * {@link TokenProviderContract} so that every provider's contract test runs it. The checks are
 * package-private, so an implementation varies behaviour only through the contract's hooks.
 */
abstract class KitChecks {
    private final TokenProviderContract contract;

    KitChecks(TokenProviderContract contract) {
        this.contract = contract;
    }

    /** The contract, for its hooks. */
    final TokenProviderContract contract() {
        return contract;
    }

    /** The current check's world. */
    final ProviderFixture kit() {
        return contract.fixture();
    }
}
