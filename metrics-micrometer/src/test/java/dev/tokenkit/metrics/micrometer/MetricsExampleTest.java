package dev.tokenkit.metrics.micrometer;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.docs.MarkdownSnippets;
import dev.tokenkit.testkit.TestTokenEndpoint;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics section of docs/integrations.md: its example compiles and runs, and its table lists every meter. */
@Timeout(60)
class MetricsExampleTest {
    private static final Path DOC = Path.of("..", "docs", "integrations.md");

    @Test
    @DisplayName("the snippet in docs/integrations.md is this example")
    void snippetMatches() {
        assertThat(MarkdownSnippets.check(DOC, Path.of("src", "test", "java", "dev", "tokenkit", "metrics", "micrometer")))
                .containsExactly("metrics");
    }

    @Test
    @DisplayName("the example registers the meters a fetch produces")
    void exampleRuns() {
        try (TestTokenEndpoint endpoint = TestTokenEndpoint.start()) {
            MeterRegistry registry = new SimpleMeterRegistry();
            TokenSource source = example(endpoint.sourceBuilder(), registry);
            try {
                source.token();
            } finally {
                source.close();
            }
            // listeners run just after the callers are answered, on tokenkit's thread: wait for them
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (registry.getMeters().size() < 2 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                    .containsExactlyInAnyOrder(TokenSourceMetrics.REFRESH, TokenSourceMetrics.REMAINING);
        }
    }

    static TokenSource example(TokenSource.Builder builder, MeterRegistry registry) {
        // snippet:metrics
        TokenSourceMetrics metrics = new TokenSourceMetrics("billing-api");
        TokenSource source = builder.listener(metrics).build();   // builder: providers.sourceBuilder(id, config)
        metrics.bindTo(registry);
        // end:metrics
        return source;
    }

    @Test
    @DisplayName("the meter table names every meter, with its type and tags")
    void everyMeterDocumented() throws Exception {
        String doc = Files.readString(DOC);
        List<String> rows = doc.lines().filter(l -> l.startsWith("| `tokenkit.")).toList();
        Matcher names = Pattern.compile("^\\| `([a-z.]+)`").matcher("");
        List<String> documented = rows.stream().map(r -> names.reset(r).find() ? names.group(1) : "?").toList();
        assertThat(documented).containsExactlyInAnyOrder(TokenSourceMetrics.REFRESH, TokenSourceMetrics.RETRIES,
                TokenSourceMetrics.REMAINING, TokenSourceMetrics.INVALIDATIONS, TokenSourceMetrics.STALE,
                TokenSourceMetrics.STORE_FAILURES, TokenSourceMetrics.STUCK);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TokenSourceMetrics metrics = new TokenSourceMetrics("s");
        metrics.bindTo(registry);
        metrics.refreshSucceeded(new dev.tokenkit.TokenSourceListener.Fetch("p",
                dev.tokenkit.TokenSourceListener.Reason.NO_TOKEN, 1, java.time.Duration.ZERO),
                dev.tokenkit.AccessToken.builder("v").expiresIn(java.time.Duration.ofMinutes(1)).build());
        for (Meter meter : registry.getMeters()) {
            String row = rows.stream().filter(r -> r.startsWith("| `" + meter.getId().getName() + "`")).findFirst().orElseThrow();
            assertThat(row).as("the row of %s", meter.getId().getName())
                    .contains(meter.getId().getType().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
    }
}
