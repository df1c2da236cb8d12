package dev.tokenkit.testkit.client;

import dev.tokenkit.testkit.KitResults;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.ForbiddenRetrierFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.ForeignRejectionFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.LeakyFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.LoopingFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.NeverReplaysFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.OneShotReplayerFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.RedirectLeakFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.ScopeBlindFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.StormFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The client contract tests itself: the sample integration passes it, and each deliberately
 * broken one fails the checks that target its defect, and only those. A check that cannot fail
 * would show up here.
 */
class ClientContractSelfTest {

    private static Set<String> failedChecks(Class<?> fixture) {
        return KitResults.failedChecks(fixture, 12);
    }

    /** How many rows of each check failed: every row of a redirect check targets the same defect. */
    private static Map<String, Long> failedRows(Class<?> fixture) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
        assertThat(results.testEvents().started().count()).as("checks run").isGreaterThanOrEqualTo(13 + 16 + 16 + 8);
        return results.testEvents().failed().stream()
                .flatMap(e -> e.getTestDescriptor().getSource().filter(MethodSource.class::isInstance).stream())
                .collect(Collectors.groupingBy(source -> ((MethodSource) source).getMethodName(), TreeMap::new,
                        Collectors.counting()));
    }

    @Test
    @DisplayName("the sample integration passes every check")
    void samplePasses() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SampleAdapterContractTest.class)).execute();
        results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(0).succeeded(13 + 16 + 16 + 8));
    }

    @Test
    @DisplayName("an integration that retries while it gets 401 fails the no-loop and re-issue checks")
    void looping() {
        assertThat(failedChecks(LoopingFixture.class)).containsExactlyInAnyOrder("noLoop", "reissued");
    }

    @Test
    @DisplayName("an integration that retries a 403 fails the 403 check")
    void forbiddenRetrier() {
        assertThat(failedChecks(ForbiddenRetrierFixture.class)).containsExactly("forbidden");
    }

    @Test
    @DisplayName("an integration that takes insufficient_scope for a rejected token fails the scope check")
    void scopeBlind() {
        assertThat(failedChecks(ScopeBlindFixture.class)).containsExactly("insufficientScope");
    }

    @Test
    @DisplayName("an integration that replays one-shot bodies fails the one-shot check")
    void oneShotReplayer() {
        assertThat(failedChecks(OneShotReplayerFixture.class)).containsExactly("notReplayed");
    }

    @Test
    @DisplayName("an integration that refetches on every 401 fails the older-token and re-issue checks")
    void storm() {
        assertThat(failedChecks(StormFixture.class)).contains("olderToken", "reissued")
                .isSubsetOf("olderToken", "reissued", "oneRefetch");
    }

    @Test
    @DisplayName("an integration that never replays fails the replay checks")
    void neverReplays() {
        assertThat(failedChecks(NeverReplaysFixture.class))
                .containsExactlyInAnyOrder("replayOnce", "replayCarriesBody", "noLoop", "olderToken", "oneRefetch");
    }

    @Test
    @DisplayName("an integration that follows redirects with the token to other origins fails the redirect checks")
    void redirectLeak() {
        // the leaked token is one the other origin can reject, so its 401 then looks like ours too
        assertThat(failedRows(RedirectLeakFixture.class)).as("failed rows per check")
                .containsOnlyKeys("noTokenElsewhere", "foreign401").containsEntry("noTokenElsewhere", 16L);
    }

    @Test
    @DisplayName("an integration that takes another origin's 401 for a rejection of its token fails the foreign-401 check")
    void foreignRejection() {
        assertThat(failedRows(ForeignRejectionFixture.class)).as("failed rows per check")
                .containsExactly(Map.entry("foreign401", 16L));
    }

    @Test
    @DisplayName("an integration that logs the header fails the hygiene check")
    void leaky() {
        assertThat(failedChecks(LeakyFixture.class)).containsExactly("nothingLeaks");
    }
}
