package dev.tokenkit.grpc.contract;

import dev.tokenkit.grpc.contract.BrokenGrpcFixtures.BlockingFixture;
import dev.tokenkit.grpc.contract.BrokenGrpcFixtures.ForbiddenRetrierFixture;
import dev.tokenkit.grpc.contract.BrokenGrpcFixtures.LoopingFixture;
import dev.tokenkit.grpc.contract.BrokenGrpcFixtures.NeverReplaysFixture;
import dev.tokenkit.grpc.contract.BrokenGrpcFixtures.UnauthenticatedOnFailureFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The gRPC contract tests itself: tokenkit's integration passes it, and each deliberately broken
 * one fails the checks that target its defect, and only those. A check that cannot fail would show
 * up here.
 */
class GrpcContractSelfTest {
    /** Every check of the contract. */
    private static final int CHECKS = 10;

    private static Set<String> failedChecks(Class<?> fixture) {
        return failedChecks(fixture.getName());
    }

    private static Set<String> failedChecks(String fixture) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
        assertThat(results.testEvents().started().count()).as("checks run").isEqualTo(CHECKS);
        Set<String> names = new TreeSet<>();
        results.testEvents().failed().stream()
                .flatMap(e -> e.getTestDescriptor().getSource().filter(MethodSource.class::isInstance).stream())
                .forEach(source -> names.add(((MethodSource) source).getMethodName()));
        return names;
    }

    @Test
    @DisplayName("tokenkit's integration passes every check")
    void soundPasses() {
        // by name: the test is package-private in dev.tokenkit.grpc
        assertThat(failedChecks("dev.tokenkit.grpc.GrpcContractTest")).isEmpty();
    }

    @Test
    @DisplayName("an integration that retries while it gets UNAUTHENTICATED fails the no-loop, re-issue and scope checks")
    void looping() {
        assertThat(failedChecks(LoopingFixture.class)).containsExactlyInAnyOrder("noLoop", "reissued", "insufficientScope");
    }

    @Test
    @DisplayName("an integration that retries PERMISSION_DENIED fails the permission check")
    void forbiddenRetrier() {
        assertThat(failedChecks(ForbiddenRetrierFixture.class)).containsExactly("permissionDenied");
    }

    @Test
    @DisplayName("an integration that blocks the thread starting the call for its token fails the deadline check")
    void blocking() {
        assertThat(failedChecks(BlockingFixture.class)).containsExactly("deadline");
    }

    @Test
    @DisplayName("an integration that reports a failed fetch as UNAUTHENTICATED fails the no-token check")
    void unauthenticatedOnFailure() {
        assertThat(failedChecks(UnauthenticatedOnFailureFixture.class)).containsExactly("noToken");
    }

    @Test
    @DisplayName("credentials without the replay rule fail the replay, stream and concurrency checks")
    void neverReplays() {
        assertThat(failedChecks(NeverReplaysFixture.class))
                .containsExactlyInAnyOrder("replayOnce", "noLoop", "reissued", "streamNotReplayed", "oneRefetch");
    }
}
