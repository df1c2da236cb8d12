package dev.tokenkit.testkit.client;

import dev.tokenkit.testkit.KitResults;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.ForbiddenRetrierFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.LeakyFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.LoopingFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.NeverReplaysFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.OneShotReplayerFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.ScopeBlindFixture;
import dev.tokenkit.testkit.client.BrokenAdapterFixtures.StormFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.Set;

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

    @Test
    @DisplayName("the sample integration passes every check")
    void samplePasses() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SampleAdapterContractTest.class)).execute();
        results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(0).succeeded(13));
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
    @DisplayName("an integration that logs the header fails the hygiene check")
    void leaky() {
        assertThat(failedChecks(LeakyFixture.class)).containsExactly("nothingLeaks");
    }
}
