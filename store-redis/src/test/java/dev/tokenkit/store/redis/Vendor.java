package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted token vendor that every replica's provider talks to: it counts requests, issues
 * {@code token-1}, {@code token-2}, … with a fixed lifetime, and can hold requests until a gate
 * opens (a slow or hung vendor; waiting is interruptible, as a blocking HTTP call is by the
 * fetch deadline).
 */
final class Vendor {
    static final String ID = "fleet";

    private final Duration lifetime;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger holding = new AtomicInteger();
    private volatile CountDownLatch gate;

    Vendor(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** A replica's provider. */
    TokenProvider provider() {
        return new TokenProvider() {
            @Override
            public String id() {
                return ID;
            }

            @Override
            public AccessToken fetch() {
                int n = requests.incrementAndGet();
                CountDownLatch g = gate;
                if (g != null) {
                    holding.incrementAndGet();
                    try {
                        g.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ProviderUnavailableException(ID, "request " + n + " interrupted", e);
                    } finally {
                        holding.decrementAndGet();
                    }
                }
                return AccessToken.builder("token-" + n).issuedAt(Instant.now()).expiresIn(lifetime).build();
            }
        };
    }

    /** Requests made so far. */
    int requests() {
        return requests.get();
    }

    /** Requests waiting at the gate. */
    int holding() {
        return holding.get();
    }

    /** From now on requests wait until {@link #open()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets held requests answer, and later ones answer at once. */
    void open() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }
}
