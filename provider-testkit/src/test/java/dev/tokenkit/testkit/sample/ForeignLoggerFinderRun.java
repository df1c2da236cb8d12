package dev.tokenkit.testkit.sample;

import dev.tokenkit.testkit.TokenProviderContract;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

/**
 * Runs the sample's secret-hygiene sweep and prints each failed row with the first line of its
 * message ({@code FAILED<tab>row<tab>message}), then {@code SUMMARY started=N failed=M}.
 * {@code ContractSelfTest} starts it in a JVM where {@link ForeignLoggerFinder} is installed.
 */
public final class ForeignLoggerFinderRun {
    private ForeignLoggerFinderRun() {
    }

    /**
     * Runs the sweep.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectNestedClass(
                List.of(SampleProviderContractTest.class.getName()), TokenProviderContract.class.getName() + "$Hygiene")).execute();
        for (Event e : results.testEvents().failed().list()) {
            String message = e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                    .map(t -> String.valueOf(t.getMessage()).lines().findFirst().orElse("")).orElse("");
            System.out.println("FAILED\t" + e.getTestDescriptor().getDisplayName() + "\t" + message);
        }
        System.out.println("SUMMARY started=" + results.testEvents().started().count()
                + " failed=" + results.testEvents().failed().count());
    }
}
