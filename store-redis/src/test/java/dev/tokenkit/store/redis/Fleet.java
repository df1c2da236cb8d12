package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenException;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Replicas of one service against one Redis: each with a {@link RedisTokenStore} client and a
 * {@link TokenSource} of its own over the same {@link Vendor}, as separate processes would
 * have; optionally with a caller thread per replica calling {@code token()} every few
 * milliseconds, which counts failed calls and the slowest call.
 */
final class Fleet implements AutoCloseable {
    /** Short tokens refresh about 0.45 × their lifetime after issue; the floor is lowered to let them. */
    static final ExpiryPolicy SHORT = ExpiryPolicy.builder().minRefreshInterval(Duration.ofMillis(100)).build();

    final Vendor vendor;
    final TokenKey key = key(UUID.randomUUID().toString().replace("-", ""));
    final List<RedisTokenStore> stores = new ArrayList<>();
    final List<TokenSource> sources = new ArrayList<>();
    final AtomicInteger storeFailures = new AtomicInteger();
    final AtomicInteger refreshFailures = new AtomicInteger();
    final AtomicInteger adopted = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    final ConcurrentLinkedQueue<Throwable> failedCalls = new ConcurrentLinkedQueue<>();
    final AtomicLong slowestCallNanos = new AtomicLong();
    private final List<Thread> callers = new ArrayList<>();
    private volatile boolean calling;

    /**
     * @param store    makes replica i's store (null: a source of its own with the default in-memory store)
     * @param builder  adjusts each source's builder
     */
    Fleet(Vendor vendor, int replicas, java.util.function.IntFunction<RedisTokenStore> store,
          UnaryOperator<TokenSource.Builder> builder) {
        this.vendor = vendor;
        TokenSourceListener listener = new TokenSourceListener() {
            @Override
            public void storeFailed(String providerId, Throwable error) {
                storeFailures.incrementAndGet();
            }

            @Override
            public void refreshFailed(Fetch fetch, TokenException error, boolean servingStale, Duration nextAttemptIn) {
                refreshFailures.incrementAndGet();
            }

            @Override
            public void refreshSucceeded(Fetch fetch, AccessToken token) {
                if (fetch.attempts() == 0) {
                    adopted.incrementAndGet();
                }
            }
        };
        for (int i = 0; i < replicas; i++) {
            RedisTokenStore s = store == null ? null : store.apply(i);
            TokenSource.Builder b = TokenSource.builder(vendor.provider()).expiry(SHORT).listener(listener);
            if (s != null) {
                stores.add(s);
                b.store(s).key(key);
            }
            sources.add(builder.apply(b).build());
        }
    }

    /** The key of the fleet's configuration with this identity. */
    static TokenKey key(String identity) {
        return TokenKey.of(Vendor.ID, identity, Secret.of("app-secret=s\n"));
    }

    TokenSource replica(int i) {
        return sources.get(i);
    }

    /** Starts one caller thread per replica, calling {@code token()} every {@code everyMillis}. */
    void startCallers(long everyMillis) {
        calling = true;
        for (TokenSource s : sources) {
            Thread t = new Thread(() -> {
                while (calling) {
                    long start = System.nanoTime();
                    try {
                        s.token();
                    } catch (Throwable e) {
                        failedCalls.add(e);
                    }
                    slowestCallNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    calls.incrementAndGet();
                    try {
                        Thread.sleep(everyMillis); // the caller's own pace, not a wait for a condition
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fleet-caller-" + callers.size());
            t.setDaemon(true);
            callers.add(t);
            t.start();
        }
    }

    void stopCallers() {
        calling = false;
        for (Thread t : callers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        callers.clear();
    }

    @Override
    public void close() {
        stopCallers();
        sources.forEach(TokenSource::close);
        stores.forEach(RedisTokenStore::close);
    }
}
