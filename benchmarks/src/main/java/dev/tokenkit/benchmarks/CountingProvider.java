package dev.tokenkit.benchmarks;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider without network I/O: its n-th fetch issues the value {@code <id>-n} with a fixed
 * lifetime from now, after an optional pause that stands in for the upstream's latency. Unlike
 * {@link FixedLifetimeProvider}, every token is new, so sources and their listeners can tell
 * fetches apart.
 */
final class CountingProvider implements TokenProvider {
    private final String id;
    private final Duration lifetime;
    private final long latencyMs;
    private final AtomicInteger fetches = new AtomicInteger();

    /**
     * @param id        the provider's id, also the tokens' prefix
     * @param lifetime  each token's lifetime
     * @param latencyMs how long each fetch sleeps first (0: none)
     */
    CountingProvider(String id, Duration lifetime, long latencyMs) {
        this.id = id;
        this.lifetime = lifetime;
        this.latencyMs = latencyMs;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AccessToken fetch() {
        if (latencyMs > 0) {
            try {
                Thread.sleep(latencyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderUnavailableException(id, "interrupted", e);
            }
        }
        return AccessToken.builder(id + "-" + fetches.incrementAndGet()).issuedAt(Instant.now())
                .expiresIn(lifetime).build();
    }

    /** How many fetches began issuing a token (completed the latency pause). */
    int fetches() {
        return fetches.get();
    }
}
