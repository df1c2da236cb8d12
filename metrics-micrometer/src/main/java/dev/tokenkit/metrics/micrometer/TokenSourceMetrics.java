package dev.tokenkit.metrics.micrometer;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenReissuedException;
import dev.tokenkit.TokenSourceListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters for one {@link dev.tokenkit.TokenSource}, built on its listener events. Add it
 * to the source's builder as a listener, then bind it to your registry:
 *
 * <pre>{@code
 * TokenSourceMetrics metrics = new TokenSourceMetrics("billing-api");
 * TokenSource source = providers.sourceBuilder("symbl", config).listener(metrics).build();
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>Every meter is tagged {@code source} (the name given here; the provider id by default) and
 * {@code provider} (the provider id):
 * <ul>
 *   <li>{@value #REFRESH} (timer): every fetch that ended, with its duration; tags {@code reason}
 *       ({@code no_token}, {@code refresh_ahead}, {@code retry_after_failure},
 *       {@code invalidated}), {@code outcome} ({@code success}, {@code failure}) and
 *       {@code error} (the exception's simple class name, {@code none} on success);</li>
 *   <li>{@value #RETRIES} (counter): token requests that failed and were retried within a fetch;
 *       tag {@code error};</li>
 *   <li>{@value #REMAINING} (time gauge): time until the cached token expires, never negative;
 *       NaN while the source holds none (before the first token, after an invalidation until
 *       the new one);</li>
 *   <li>{@value #INVALIDATIONS} (counter): invalidations of the cached token (each starts one
 *       fetch; rejections of older tokens, which cost nothing, are not counted);</li>
 *   <li>{@value #STALE} (counter): fetches that failed while callers kept getting the still-valid
 *       cached token ({@code refreshFailed} with {@code servingStale}), a re-issued token
 *       ({@link TokenReissuedException}) included. It counts failed refreshes, not calls of
 *       {@code token()}: the hot path gains no work;</li>
 *   <li>{@value #STORE_FAILURES} (counter): token store failures the source rode out; tag
 *       {@code error}.</li>
 * </ul>
 *
 * <p>A meter appears with the first event that concerns it (the gauge with the first token), in
 * every registry bound by then; events before the first {@link #bindTo} are not recorded. The gauge
 * is registered once per registry and reads every later token, so invalidations and new tokens
 * never register it again (Micrometer would warn that such a registration is ignored). Events
 * arrive on tokenkit's threads, never on {@code token()}'s path. The gauge holds this object
 * weakly, as Micrometer gauges do; the source's listener list keeps it alive.
 */
public final class TokenSourceMetrics implements TokenSourceListener, MeterBinder {
    /** The refresh timer. */
    public static final String REFRESH = "tokenkit.refresh";
    /** The retried-requests counter. */
    public static final String RETRIES = "tokenkit.refresh.retries";
    /** The remaining-lifetime time gauge. */
    public static final String REMAINING = "tokenkit.token.remaining";
    /** The invalidations counter. */
    public static final String INVALIDATIONS = "tokenkit.token.invalidations";
    /** The stale-tokens-served counter. */
    public static final String STALE = "tokenkit.token.stale";
    /** The store-failures counter. */
    public static final String STORE_FAILURES = "tokenkit.store.failures";
    /** The stuck-fetches counter. */
    public static final String STUCK = "tokenkit.fetch.stuck";

    private final String source;
    private final InstantSource clock;
    private final CopyOnWriteArrayList<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    /** The registries that hold the gauge already: it is registered once in each, never again. */
    private final Set<MeterRegistry> gauged = ConcurrentHashMap.newKeySet();
    /** The provider id, from the first event. */
    private volatile String provider;
    /** Expiry of the token the source serves; {@code null} when it serves none. */
    private volatile Instant expiresAt;
    /** Expiry of the last invalidated token, served again if the endpoint re-issues it. */
    private volatile Instant invalidatedExpiresAt;

    /** Meters whose {@code source} tag is the provider id. */
    public TokenSourceMetrics() {
        this(null, InstantSource.system());
    }

    /**
     * Meters with a {@code source} tag of your choosing, e.g. the API or tenant the source serves.
     *
     * @param source the tag value
     */
    public TokenSourceMetrics(String source) {
        this(Objects.requireNonNull(source, "source"), InstantSource.system());
    }

    /**
     * Meters with a {@code source} tag and the clock the gauge reads (give it the source's clock).
     *
     * @param source the tag value, or {@code null} for the provider id
     * @param clock  the clock
     */
    public TokenSourceMetrics(String source, InstantSource clock) {
        if (source != null && source.isBlank()) {
            throw new IllegalArgumentException("the source tag must not be blank; pass null to use the provider id");
        }
        this.source = source;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.addIfAbsent(Objects.requireNonNull(registry, "registry"));
        if (provider != null && expiresAt != null) {
            gauge(registry);
        }
    }

    @Override
    public void refreshStarted(String providerId, Reason reason) {
        learn(providerId);
    }

    @Override
    public void refreshSucceeded(Fetch fetch, AccessToken token) {
        learn(fetch.providerId());
        serving(token.expiresAt().orElse(null));
        time(fetch, "success", "none");
    }

    @Override
    public void refreshFailed(Fetch fetch, TokenException error, boolean servingStale, Duration nextAttemptIn) {
        learn(fetch.providerId());
        if (error instanceof TokenReissuedException) {
            serving(invalidatedExpiresAt); // the re-issued token is served again
        }
        time(fetch, "failure", name(error));
        if (servingStale) {
            count(STALE, "fetches that failed while the still-valid cached token kept being served", Tags.empty());
        }
    }

    @Override
    public void retryScheduled(String providerId, TokenException error, int failedAttempt, Duration wait) {
        learn(providerId);
        count(RETRIES, "token requests that failed and were retried within a fetch", Tags.of("error", name(error)));
    }

    @Override
    public void tokenInvalidated(String providerId, AccessToken token) {
        learn(providerId);
        invalidatedExpiresAt = token.expiresAt().orElse(null);
        expiresAt = null;
        count(INVALIDATIONS, "invalidations of the cached token, each starting one fetch", Tags.empty());
    }

    @Override
    public void storeFailed(String providerId, Throwable error) {
        learn(providerId);
        count(STORE_FAILURES, "token store failures the source rode out", Tags.of("error", name(error)));
    }

    @Override
    public void fetchStuck(String providerId, String threadName) {
        stuck(providerId, "stuck");
    }

    @Override
    public void stuckFetchReturned(String providerId, String threadName) {
        stuck(providerId, "returned");
    }

    private void stuck(String providerId, String state) {
        learn(providerId);
        count(STUCK, "fetches still running after their deadline (a provider that ignores interrupts), by state",
                Tags.of("state", state));
    }

    /** Milliseconds until the served token expires, at least 0; NaN when none is served. */
    double remainingMillis() {
        Instant e = expiresAt;
        return e == null ? Double.NaN : Math.max(0, Duration.between(clock.instant(), e).toMillis());
    }

    private void learn(String providerId) {
        if (provider == null) {
            provider = providerId;
        }
    }

    private void serving(Instant expiry) {
        expiresAt = expiry;
        if (expiry != null) {
            registries.forEach(this::gauge);
        }
    }

    private Tags tags() {
        return Tags.of("source", source != null ? source : provider, "provider", provider);
    }

    /**
     * Registers the gauge in a registry that does not hold it yet. The gauge reads this object, so
     * one registration serves every later token; registering again would make Micrometer warn
     * that the registration is ignored.
     */
    private void gauge(MeterRegistry registry) {
        if (!gauged.add(registry)) {
            return;
        }
        TimeGauge.builder(REMAINING, this, TimeUnit.MILLISECONDS, TokenSourceMetrics::remainingMillis)
                .description("time until the cached token expires; NaN while the source holds none")
                .tags(tags()).register(registry);
    }

    private void time(Fetch fetch, String outcome, String error) {
        Tags tags = tags().and("reason", fetch.reason().name().toLowerCase(Locale.ROOT), "outcome", outcome,
                "error", error);
        for (MeterRegistry registry : registries) {
            Timer.builder(REFRESH).description("token fetches that ended, by reason, outcome and error")
                    .tags(tags).register(registry).record(fetch.duration());
        }
    }

    private void count(String name, String description, Tags extra) {
        Tags tags = tags().and(extra);
        for (MeterRegistry registry : registries) {
            Counter.builder(name).description(description).tags(tags).register(registry).increment();
        }
    }

    private static String name(Throwable error) {
        return error.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "TokenSourceMetrics[" + (source != null ? source : provider) + "]";
    }
}
