package dev.tokenkit.testkit.sample;

import dev.tokenkit.testkit.TokenProviderContract;
import dev.tokenkit.testkit.TokenProviderFaultContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

/**
 * The contract tests itself: it passes a correct provider and fails each deliberately broken
 * one, at the check that targets the defect. A check that cannot fail would show up here.
 */
class ContractSelfTest {

    private static EngineExecutionResults run(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute();
    }

    /** Runs one group of the contract (e.g. "SecretHygiene") against a fixture and names the failed checks. */
    private static Set<String> failedChecks(Class<?> contract, String group) {
        Set<String> names = new TreeSet<>();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectNestedClass(
                List.of(contract.getName()), TokenProviderContract.class.getName() + "$" + group)).execute();
        assertThat(results.testEvents().started().count()).as("checks run in group %s", group).isPositive();
        for (Event e : results.testEvents().failed().list()) {
            e.getTestDescriptor().getSource()
                    .filter(MethodSource.class::isInstance)
                    .map(s -> ((MethodSource) s).getMethodName())
                    .ifPresent(names::add);
        }
        return names;
    }

    @Test
    @DisplayName("a correct provider passes every check")
    void correctProviderPasses() {
        EngineExecutionResults results = run(SampleProviderContractTest.class);
        results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(2));
        assertThat(results.testEvents().succeeded().count()).as("checks and fault rows passed").isGreaterThanOrEqualTo(100);
    }

    @Test
    @DisplayName("a provider that leaks its secret in a message fails the hygiene check")
    void leakyProviderFails() {
        assertThat(failedChecks(BrokenProviderFixtures.LeakyFixture.class, "SecretHygiene")).contains("nothingLeaks");
    }

    @Test
    @DisplayName("a provider that sends the wrong body fails the wire-format check")
    void wrongBodyFails() {
        assertThat(failedChecks(BrokenProviderFixtures.WrongBodyFixture.class, "WireFormat")).contains("oneRequestInVendorFormat");
    }

    @Test
    @DisplayName("a provider that ignores the HTTP status fails the error-mapping checks")
    void statusBlindFails() {
        assertThat(failedChecks(BrokenProviderFixtures.StatusBlindFixture.class, "ErrorMapping"))
                .contains("serverErrors", "invalidCredentials", "otherClientErrors");
    }

    /** Runs one group of the fault contract ("FaultMatrix" or "Hygiene") and names the failed rows. */
    private static Set<String> failedDynamicTests(Class<?> contract, String group) {
        Set<String> names = new TreeSet<>();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectNestedClass(
                List.of(contract.getName()), TokenProviderFaultContract.class.getName() + "$" + group)).execute();
        assertThat(results.testEvents().started().count()).as("rows run in group %s", group).isGreaterThan(30);
        for (Event e : results.testEvents().failed().list()) {
            names.add(e.getTestDescriptor().getDisplayName());
        }
        return names;
    }

    @Test
    @DisplayName("a provider that leaks its secret on 401 fails exactly the 401 row of the hygiene sweep, and its totals")
    void faultMatrixCatchesLeak() {
        assertThat(failedDynamicTests(BrokenProviderFixtures.LeakyFixture.class, "Hygiene"))
                .containsExactly("401 invalid credentials", "totals");
    }

    @Test
    @DisplayName("a provider that ignores the HTTP status fails the 5xx, 429 and redirect rows of the fault matrix")
    void faultMatrixCatchesStatusBlindness() {
        assertThat(failedDynamicTests(BrokenProviderFixtures.StatusBlindFixture.class, "FaultMatrix"))
                .contains("HTTP 503, then success, through a TokenSource → recovers, ≤ 2 requests",
                        "401 invalid credentials → InvalidCredentialsException, ≤ 1 request");
    }
}
