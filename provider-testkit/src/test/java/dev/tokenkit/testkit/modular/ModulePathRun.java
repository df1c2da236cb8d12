package dev.tokenkit.testkit.modular;

import dev.tokenkit.testkit.TokenProviderContract;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

/**
 * Runs the discovery checks of each fixture named in the arguments and prints one line per check:
 * {@code CHECK<tab>fixture<tab>method<tab>status<tab>first line of the message}.
 * {@code ModuleChecksSelfTest} starts it in a JVM with the fixture modules and tokenkit's modules
 * on the module path and the kit on the class path, as surefire runs a modular provider's tests.
 */
public final class ModulePathRun {
    private ModulePathRun() {
    }

    /**
     * Runs the checks.
     *
     * @param args the binary names of fixture classes
     */
    public static void main(String[] args) {
        for (String fixture : args) {
            for (String line : discoveryChecks(fixture)) {
                System.out.println(line);
            }
        }
    }

    /** The outcome of each discovery check of a fixture, one line each. */
    static List<String> discoveryChecks(String fixture) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectNestedClass(
                List.of(fixture), TokenProviderContract.class.getName() + "$Discovery")).execute();
        return results.testEvents().finished().list().stream().map(e -> "CHECK\t" + fixture.substring(fixture.lastIndexOf('$') + 1)
                + "\t" + method(e) + "\t" + e.getPayload(TestExecutionResult.class).map(r -> r.getStatus().name()).orElse("?")
                + "\t" + message(e)).toList();
    }

    private static String method(Event e) {
        return e.getTestDescriptor().getSource().filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getMethodName()).orElse(e.getTestDescriptor().getDisplayName());
    }

    private static String message(Event e) {
        return e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(t -> String.valueOf(t.getMessage()).replaceAll("\\s+", " ")).orElse("");
    }
}
