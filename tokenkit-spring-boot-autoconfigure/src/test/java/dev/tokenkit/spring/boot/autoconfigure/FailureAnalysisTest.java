package dev.tokenkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import dev.tokenkit.emulators.SymblEmulator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Each configuration error fails start-up, and the failure analyzer Spring Boot loads reports
 * what is wrong and the property to set: no secret, no exception chain.
 */
class FailureAnalysisTest {
    /** A secret that must appear in no report. */
    static final String SECRET = "s3cr3t-value-never-shown";

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TokenkitAutoConfiguration.class));

    static Stream<Arguments> rows() {
        String ok = "tokenkit.sources.billing.options.app-id=my-app";
        String secret = "tokenkit.sources.billing.options.app-secret=" + SECRET;
        return Stream.of(
                Arguments.of("no provider", new String[] {ok, secret},
                        "names no provider", "tokenkit.sources.billing.provider"),
                Arguments.of("unknown provider", new String[] {"tokenkit.sources.billing.provider=symbol", ok, secret},
                        "unknown token provider 'symbol'", "tokenkit.sources.billing.provider"),
                Arguments.of("unknown option", new String[] {"tokenkit.sources.billing.provider=symbl", ok, secret,
                        "tokenkit.sources.billing.options.app-scret=" + SECRET},
                        "unknown option tokenkit.sources.billing.options.app-scret", "tokenkit.sources.billing.options."),
                Arguments.of("missing option", new String[] {"tokenkit.sources.billing.provider=symbl", ok},
                        "missing required option tokenkit.sources.billing.options.app-secret",
                        "tokenkit.sources.billing.options."),
                Arguments.of("bad value", new String[] {"tokenkit.sources.billing.provider=symbl", ok, secret,
                        "tokenkit.sources.billing.options.request-timeout=soon"},
                        "request-timeout", "tokenkit.sources.billing.options"),
                Arguments.of("contradicting knobs", new String[] {"tokenkit.sources.billing.provider=symbl", ok, secret,
                        "tokenkit.sources.billing.fetch-deadline=20s", "tokenkit.sources.billing.max-wait=30s"},
                        "maxWait", "tokenkit.sources.billing.fetch-deadline"),
                Arguments.of("bad retry knob", new String[] {"tokenkit.sources.billing.provider=symbl", ok, secret,
                        "tokenkit.sources.billing.retry.max-attempts=0"},
                        "maxAttempts", "tokenkit.sources.billing.fetch-deadline, .max-wait, .max-idle-refreshes, .expiry.* or .retry.*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void startUpFailsWithWhatIsWrongAndThePropertyToSet(String row, String[] properties, String what, String property) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis).as("a tokenkit analysis of %s", context.getStartupFailure()).isNotNull();
            assertThat(analysis.getDescription()).contains(what).doesNotContain(SECRET).doesNotContain("Exception:");
            assertThat(analysis.getAction()).contains(property).doesNotContain(SECRET);
            assertThat(analysis.getCause()).isNull();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aConfigurationErrorFetchesNothing(String row, String[] properties, String what, String property) {
        try (SymblEmulator symbl = SymblEmulator.start()) {
            runner.withPropertyValues(properties)
                    .withPropertyValues("tokenkit.sources.billing.options.base-url=" + symbl.baseUri())
                    .run(context -> assertThat(context).hasFailed());
            assertThat(symbl.server().requestCount()).isZero();
        }
    }

    @org.junit.jupiter.api.Test
    void theReportDocsSpringBootMdShowsIsTheOneStartUpGives() {
        runner.withPropertyValues("tokenkit.sources.symbl.provider=symbl", "tokenkit.sources.symbl.options.app-id=my-app")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "spring-boot.md"));
                    assertThat(doc).contains(analysis.getDescription()).contains(analysis.getAction());
                });
    }

    /**
     * As Spring Boot finds it: registered in spring.factories (the analyzers that need Boot's
     * constructor arguments are skipped here).
     */
    static FailureAnalysis analyze(Throwable failure) {
        for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                null, SpringFactoriesLoader.FailureHandler.handleMessage((message, error) -> { }))) {
            if (analyzer instanceof TokenkitFailureAnalyzer) {
                FailureAnalysis analysis = analyzer.analyze(failure);
                if (analysis != null) {
                    return analysis;
                }
            }
        }
        return null;
    }
}
