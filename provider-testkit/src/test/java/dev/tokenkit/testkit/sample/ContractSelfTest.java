package dev.tokenkit.testkit.sample;

import dev.tokenkit.testkit.TokenProviderContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

/**
 * The contract tests itself: it passes a correct provider and fails each deliberately broken one
 * at the check that targets the defect, so a check that cannot fail shows up here. (The two
 * module-path discovery checks need a modular provider jar: {@code ModuleChecksSelfTest} compiles
 * correct and broken provider modules and runs them on the class path and the module path, and
 * every built-in provider and {@code examples/acme-provider} pass them on the module path.)
 */
class ContractSelfTest {
    private static final String KIT = TokenProviderContract.class.getName();

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }

    /** Runs one group of the contract (a nested class of the kit, such as "WireFormat") against a fixture. */
    private static EngineExecutionResults run(Class<?> fixture, String group) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectNestedClass(
                List.of(fixture.getName()), KIT + "$" + group)).execute();
        assertThat(results.testEvents().started().count()).as("checks run in group %s", group).isPositive();
        return results;
    }

    /** The method names of the failed checks. */
    private static Set<String> failedMethods(EngineExecutionResults results) {
        Set<String> names = new TreeSet<>();
        for (Event e : results.testEvents().failed().list()) {
            e.getTestDescriptor().getSource()
                    .filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                    .map(s -> ((org.junit.platform.engine.support.descriptor.MethodSource) s).getMethodName()).ifPresent(names::add);
        }
        return names;
    }

    /** The display names of the failed tests (for dynamic rows, the row's name). */
    private static Set<String> failedNames(EngineExecutionResults results) {
        return results.testEvents().failed().list().stream().map(e -> e.getTestDescriptor().getDisplayName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String message(Event e) {
        return e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("");
    }

    /** The names of the fault matrix's rows, as the kit runs them against the sample provider (all passing). */
    private static List<String> sampleRows() {
        EngineExecutionResults results = run(SampleProviderContractTest.class, "FaultMatrix");
        assertThat(results.testEvents().failed().count()).as("rows the sample fails").isZero();
        return results.testEvents().succeeded().list().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    /** The names the hygiene sweep gives the fault matrix's rows that {@code which} selects. */
    private static List<String> sweepRows(Predicate<String> which) {
        return sampleRows().stream().filter(which)
                .map(row -> row.substring(0, row.lastIndexOf(" → ")) + " → no secret or token shown").toList();
    }

    /** Asserts that the fixture fails every row of the hygiene sweep: a success and every fault row. */
    private static void failsEveryHygieneRow(Class<?> fixture, String defect) {
        EngineExecutionResults results = run(fixture, "Hygiene");
        assertThat(results.testEvents().succeeded().count()).as("hygiene rows passed by a provider that %s", defect).isZero();
        assertThat(results.testEvents().failed().count()).as("hygiene rows failed by a provider that %s", defect)
                .isEqualTo(sampleRows().size() + 1L);
    }

    @Test
    @DisplayName("a correct provider passes every check and every row, and prints no warning")
    void correctProviderPasses() {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler printed = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(printed); // beside the console handler: sees what would be printed
        EngineExecutionResults results;
        try {
            results = run(SampleProviderContractTest.class);
        } finally {
            root.removeHandler(printed);
        }

        assertThat(warnings).as("records printed at WARNING or above").extracting(LogRecord::getMessage).isEmpty();

        // aborted: the two module-path checks, since the sample is not a module of its own
        results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(2));
        int rows = sampleRows().size();
        // the setup check, 3 + 3 + 1 + 3 + 2 + 1 checks in groups, the matrix, and the sweep (a success and every row)
        assertThat(results.testEvents().succeeded().count()).as("checks and rows passed").isEqualTo(12L + rows + 1 + rows);
    }

    @Test
    @DisplayName("a provider that is not registered fails one check, which says how to register it, and skips the others")
    void unregisteredFailsOnce() {
        EngineExecutionResults results = run(BrokenProviderFixtures.UnregisteredFixture.class);

        assertThat(failedMethods(results)).containsExactly("registered");
        assertThat(message(results.testEvents().failed().list().get(0)))
                .contains("no TokenProviderFactory with id 'unregistered' is registered")
                .contains("add @AutoService(TokenProviderFactory.class) or a META-INF/services entry");
        assertThat(results.testEvents().failed().count()).as("failed checks").isEqualTo(1);
        assertThat(results.containerEvents().failed().count()).as("failed groups").isZero();
        assertThat(results.testEvents().succeeded().count()).as("checks passed: only the setup check").isEqualTo(1);
        assertThat(results.testEvents().aborted().count() + results.containerEvents().aborted().count())
                .as("checks and row factories skipped").isGreaterThanOrEqualTo(10);
    }

    @Test
    @DisplayName("a blank success body fails the setup check")
    void blankSuccessBodyFailsSetup() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(BrokenProviderFixtures.BlankBodyFixture.class, "kitIsSetUp")).execute();

        assertThat(failedMethods(results)).containsExactly("kitIsSetUp");
    }

    static Stream<Arguments> brokenProviders() {
        return Stream.of(
                Arguments.of("an undocumented descriptor", BrokenProviderFixtures.UndocumentedFixture.class, "Descriptor",
                        Set.of("named", "optionsDocumented", "secretsFlagged")),
                Arguments.of("a request while being created", BrokenProviderFixtures.EagerFixture.class, "Configuration",
                        Set.of("validConfigCreates")),
                Arguments.of("the secret under the wrong key", BrokenProviderFixtures.WrongBodyFixture.class, "WireFormat",
                        Set.of("oneRequestInVendorFormat")),
                Arguments.of("the secret in the URL", BrokenProviderFixtures.SecretInUrlFixture.class, "WireFormat",
                        Set.of("secretsNotInUrl")),
                Arguments.of("a cached token", BrokenProviderFixtures.CachingFixture.class, "WireFormat",
                        Set.of("noCaching")),
                Arguments.of("an altered token value", BrokenProviderFixtures.ShoutingFixture.class, "SuccessParsing",
                        Set.of("readsToken")),
                Arguments.of("an assumed lifetime", BrokenProviderFixtures.FixedLifetimeFixture.class, "SuccessParsing",
                        Set.of("reportsServerLifetime")),
                Arguments.of("state shared between fetches", BrokenProviderFixtures.RacyFixture.class, "Concurrency",
                        Set.of("concurrentFetches")));
    }

    @ParameterizedTest(name = "a provider with {0} fails exactly the checks aimed at it")
    @MethodSource("brokenProviders")
    @DisplayName("each check fails for the broken provider it targets")
    void brokenProviderFailsItsCheck(String defect, Class<?> fixture, String group, Set<String> checks) {
        assertThat(failedMethods(run(fixture, group))).as("failed checks of group %s for a provider with %s", group, defect)
                .containsExactlyInAnyOrderElementsOf(checks);
    }

    @Test
    @DisplayName("a provider that ignores the HTTP status fails the status rows of the fault matrix")
    void statusBlindFailsStatusRows() {
        assertThat(failedNames(run(BrokenProviderFixtures.StatusBlindFixture.class, "FaultMatrix"))).contains(
                "invalid credentials, as the vendor answers them → InvalidCredentialsException",
                "HTTP 429 with Retry-After: 7, carried by the error → RateLimitedException",
                "HTTP 500 with a token in the body → ProviderUnavailableException",
                "HTTP 400 with a JSON error → TokenRequestRejectedException");
    }

    @Test
    @DisplayName("every row of the fault matrix fails for a provider that ignores statuses or bypasses the transport")
    void everyRowCanFail() {
        Set<String> failed = new TreeSet<>(failedNames(run(BrokenProviderFixtures.StatusBlindFixture.class, "FaultMatrix")));
        Set<String> bypass = failedNames(run(BrokenProviderFixtures.OwnClientFixture.class, "FaultMatrix"));
        assertThat(bypass).as("rows failed by a provider with its own HTTP client").contains(
                "connection refused (nothing listens) → ProviderUnavailableException",
                "connection reset mid-body → ProviderUnavailableException",
                "server accepts and never answers (request-timeout 500 ms) → ProviderUnavailableException",
                "302 redirect to another host, not followed → TokenRequestRejectedException");
        failed.addAll(bypass);
        assertThat(failed).as("rows failed by one of the two").containsAll(sampleRows());
    }

    @Test
    @DisplayName("a provider that logs its secret fails every row of the hygiene sweep; one that leaks it on 401 fails that row only")
    void everyHygieneRowCanFail() {
        failsEveryHygieneRow(BrokenProviderFixtures.ChattyFixture.class, "logs its secret");

        List<String> echoRows = sweepRows(row -> row.startsWith("HTTP 401 echoing "));
        assertThat(echoRows).as("echo rows: 7 forms, each in the error body and in WWW-Authenticate").hasSize(14);
        List<String> leakyRows = new ArrayList<>(echoRows);
        leakyRows.add("invalid credentials, as the vendor answers them → no secret or token shown");
        assertThat(failedNames(run(BrokenProviderFixtures.LeakyFixture.class, "Hygiene")))
                .as("a provider that puts its secret into every 401 error").containsExactlyInAnyOrderElementsOf(leakyRows);
    }

    @Test
    @DisplayName("a provider that puts the vendor's text into its error unredacted fails every echo row of the sweep, and no other")
    void echoingFailsEchoRows() {
        Set<String> failed = failedNames(run(BrokenProviderFixtures.EchoingFixture.class, "Hygiene"));
        assertThat(failed).hasSize(14).allSatisfy(row -> assertThat(row).startsWith("HTTP 401 echoing "));
        assertThat(failed).contains("HTTP 401 echoing the request body in Base64 in error_description → no secret or token shown",
                "HTTP 401 echoing the Basic credentials decoded, in URL-safe Base64 after one byte in WWW-Authenticate"
                        + " → no secret or token shown",
                "HTTP 401 echoing the request headers in WWW-Authenticate → no secret or token shown");
    }

    @Test
    @DisplayName("a provider that puts its signed assertion into its 401 error fails those rows once sentSecrets names the"
            + " assertion, and passes every row when nothing names it")
    void assertionEchoFailsWithSentSecrets() {
        List<String> rows401 = sweepRows(row -> row.endsWith(" → InvalidCredentialsException"));
        assertThat(rows401).as("the invalid-credentials row and the 14 echo rows").hasSize(15);
        assertThat(failedNames(run(BrokenProviderFixtures.AssertionEchoingFixture.class, "Hygiene")))
                .as("rows failed by a provider that shows the assertion it sent in every 401 error")
                .containsExactlyInAnyOrderElementsOf(rows401);

        EngineExecutionResults undeclared = run(BrokenProviderFixtures.AssertionUndeclaredFixture.class, "Hygiene");
        assertThat(undeclared.testEvents().failed().count()).as("rows failed when sentSecrets is left at its default").isZero();
    }

    @Test
    @DisplayName("a provider that logs the key material keyMaterialSecrets names fails every row of the hygiene sweep")
    void keyLoggingFailsEveryRow() {
        failsEveryHygieneRow(BrokenProviderFixtures.KeyLoggingFixture.class, "logs its private key");
    }

    @Test
    @DisplayName("a sentSecrets value shorter than 8 characters fails the sweep and names the hook")
    void shortSentSecretFailsTheSweep() {
        EngineExecutionResults results = run(BrokenProviderFixtures.ShortSentSecretFixture.class, "Hygiene");
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).as("rows failed: every row that sent a request").isNotEmpty();
        assertThat(failed).allSatisfy(e -> assertThat(message(e)).contains("sentSecrets(request #"));
    }

    @Test
    @DisplayName("a provider that maps a 429 or 5xx with an OAuth error code to a rejection fails those rows, and no other")
    void codeOverStatusFailsRetryableRows() {
        assertThat(failedNames(run(BrokenProviderFixtures.CodeOverStatusFixture.class, "FaultMatrix"))).containsExactlyInAnyOrder(
                "HTTP 429 with an OAuth error body (error=invalid_request) → RateLimitedException",
                "HTTP 500 with an OAuth error body (error=server_error) → ProviderUnavailableException",
                "HTTP 503 with an OAuth error body (error=invalid_client) → ProviderUnavailableException");
    }

    @Test
    @DisplayName("with a System.LoggerFinder that bypasses java.util.logging, the sweep fails: log capture does not work")
    void foreignLoggerFinderFailsTheSweep(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services/java.lang.System$LoggerFinder");
        Files.createDirectories(services.getParent());
        Files.writeString(services, ForeignLoggerFinder.class.getName() + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(java, "-cp", dir + File.pathSeparator + System.getProperty("java.class.path"),
                ForeignLoggerFinderRun.class.getName()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the hygiene sweep under a foreign LoggerFinder did not end within 120 s");
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);

        assertThat(process.exitValue()).as("exit of the child JVM; stderr: %s", stderr).isZero();
        assertThat(stderr).as("what the foreign backend received")
                .contains(ForeignLoggerFinder.PREFIX + "DEBUG dev.tokenkit.testkit.canary tokenkit testkit log-capture canary");
        int rows = sampleRows().size() + 1;
        assertThat(stdout).as("the sweep's rows, all failed").contains("SUMMARY started=" + rows + " failed=" + rows);
        assertThat(stdout.lines().filter(l -> l.startsWith("FAILED\t")).toList()).hasSize(rows).allSatisfy(line ->
                assertThat(line).contains("log capture does not work with the installed System.LoggerFinder ("
                        + ForeignLoggerFinder.class.getName() + ")"));
    }
}
