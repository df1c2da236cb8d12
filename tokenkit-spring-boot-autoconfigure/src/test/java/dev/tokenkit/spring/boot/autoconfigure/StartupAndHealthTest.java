package dev.tokenkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.SymblEmulator;
import dev.tokenkit.metrics.micrometer.TokenSourceMetrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Start-up never waits for or fails on the identity provider; health, the endpoint and the meters
 * report from what the sources did, and never cause a fetch. Over a real Symbl emulator, and a
 * port where nothing listens for a provider that is down.
 */
class StartupAndHealthTest {
    SymblEmulator symbl;
    URI down;
    /** Completes with the first fetch's outcome: a token, or the error. */
    final CompletableFuture<Object> firstFetch = new CompletableFuture<>();

    @BeforeEach
    void start() {
        symbl = SymblEmulator.start();
        try (FakeTokenServer closed = FakeTokenServer.start()) {
            down = closed.baseUri();
        }
    }

    @AfterEach
    void stop() {
        symbl.close();
    }

    ApplicationContextRunner runner(URI baseUrl) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TokenkitAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("firstFetchListener", SourceListenerFactory.class, () -> (OrderedFactory) name -> new TokenSourceListener() {
                    @Override
                    public void refreshSucceeded(Fetch fetch, AccessToken token) {
                        firstFetch.complete(token);
                    }

                    @Override
                    public void refreshFailed(Fetch fetch, TokenException error, boolean servingStale,
                                              java.time.Duration nextAttemptIn) {
                        firstFetch.complete(error);
                    }
                })
                .withPropertyValues("tokenkit.sources.symbl.provider=symbl",
                        "tokenkit.sources.symbl.options.base-url=" + baseUrl,
                        "tokenkit.sources.symbl.options.app-id=" + SymblEmulator.DEMO_APP_ID,
                        "tokenkit.sources.symbl.options.app-secret=" + SymblEmulator.DEMO_APP_SECRET,
                        "tokenkit.sources.symbl.retry.max-attempts=1");
    }

    /** Hears events after the auto-configuration's listeners (the meters). */
    interface OrderedFactory extends SourceListenerFactory, Ordered {
        @Override
        default int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    static Health health(ConfigurableApplicationContext context) {
        CompositeHealthContributor tokenkit = context.getBean("tokenkit", CompositeHealthContributor.class);
        return ((HealthIndicator) tokenkit.getContributor("symbl")).health();
    }

    @Test
    void lazyByDefaultAndUnknownUntilTheFirstFetchThenUp() {
        runner(symbl.baseUri()).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(health(context).getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(context.getBean(TokenkitEndpoint.class).sources().get("symbl").state()).isEqualTo("UNKNOWN");
            assertThat(symbl.server().requestCount()).as("neither start-up nor a probe fetches").isZero();

            context.getBean("symblTokenSource", TokenSource.class).token();
            // the caller may have its token before the listeners hear of it
            assertThat(firstFetch.get(10, TimeUnit.SECONDS)).isInstanceOf(AccessToken.class);
            Health up = health(context);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("provider", "symbl").containsKey("expiresIn")
                    .doesNotContainKey("stale").doesNotContainKey("lastError");
            TokenkitEndpoint.SourceReport report = context.getBean(TokenkitEndpoint.class).sources().get("symbl");
            assertThat(report.provider()).isEqualTo("symbl");
            assertThat(report.state()).isEqualTo("UP");
            assertThat(report.refreshes()).isEqualTo(1);
            assertThat(report.expiresInSeconds()).isPositive();
            assertThat(symbl.server().requestCount()).isEqualTo(1);
        });
    }

    @Test
    void aProviderThatIsDownNeverFailsStartUpAndIsDownAfterAFailedFetch() {
        runner(down).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(health(context).getStatus()).isEqualTo(Status.UNKNOWN);
            assertThatThrownBy(context.getBean("symblTokenSource", TokenSource.class)::token)
                    .isInstanceOf(TokenException.class);
            // callers may hear of the failure before the listeners do
            assertThat(firstFetch.get(10, TimeUnit.SECONDS)).isInstanceOf(TokenException.class);
            Health h = health(context);
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails()).containsEntry("lastError", "ProviderUnavailableException")
                    .doesNotContainKey("expiresIn");
            assertThat(h.toString()).doesNotContain(SymblEmulator.DEMO_APP_SECRET);
        });
    }

    @Test
    void warmUpFetchesInTheBackgroundWithoutACaller() {
        runner(symbl.baseUri()).withPropertyValues("tokenkit.sources.symbl.warm-up=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(firstFetch.get(10, TimeUnit.SECONDS)).isInstanceOf(AccessToken.class);
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
            assertThat(symbl.server().requestCount()).isEqualTo(1);
        });
    }

    @Test
    void warmUpAgainstAProviderThatIsDownStartsAndReportsDown() {
        runner(down).withPropertyValues("tokenkit.sources.symbl.warm-up=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(firstFetch.get(10, TimeUnit.SECONDS)).isInstanceOf(TokenException.class);
            assertThat(health(context).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void metersAreBoundBeforeTheFirstToken() {
        runner(symbl.baseUri()).run(context -> {
            context.getBean("symblTokenSource", TokenSource.class).token();
            assertThat(firstFetch.get(10, TimeUnit.SECONDS)).isInstanceOf(AccessToken.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(TokenSourceMetrics.REFRESH).tag("source", "symbl").tag("outcome", "success")
                    .timer().count()).as("the first fetch was recorded").isEqualTo(1);
            assertThat(registry.get(TokenSourceMetrics.REMAINING).tag("source", "symbl").timeGauge()
                    .value(TimeUnit.SECONDS)).isPositive();
        });
    }
}
