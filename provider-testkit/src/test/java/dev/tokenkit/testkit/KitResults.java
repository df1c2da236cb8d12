package dev.tokenkit.testkit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs a kit against a fixture, for the kits' self-tests. */
public final class KitResults {
    private KitResults() {
    }

    /**
     * Runs every check of the kit the fixture extends and names those that failed; each failure is
     * printed (the test's output), for a reader of a failed self-test.
     *
     * @param fixture   a class extending a kit
     * @param atLeast   how many checks must have run
     * @return the method names of the failed checks
     */
    public static Set<String> failedChecks(Class<?> fixture, int atLeast) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
        assertThat(results.testEvents().started().count()).as("checks run").isGreaterThanOrEqualTo(atLeast);
        Set<String> names = new TreeSet<>();
        for (Event e : results.testEvents().failed().list()) {
            e.getTestDescriptor().getSource().filter(MethodSource.class::isInstance)
                    .map(s -> ((MethodSource) s).getMethodName()).ifPresent(name -> {
                        names.add(name);
                        System.out.println(fixture.getSimpleName() + "." + name + " failed: " + e.getPayload(
                                TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElse(null));
                    });
        }
        return names;
    }
}
