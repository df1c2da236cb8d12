package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.spi.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link TokenStore} passes. A store's test extends this class and answers
 * two hooks:
 *
 * <pre>{@code
 * class RedisTokenStoreContractTest extends TokenStoreContract {
 *     protected TokenStore store() { return RedisTokenStore.create(redis.uri()); }
 *     protected void letLeasesExpire(TokenStore store, Duration ttl) { ... }
 * }
 * }</pre>
 *
 * <p>Each check uses keys of its own (a random identity), so a store shared between checks, or
 * a server that outlives them, is fine. Tokens are made to expire an hour after the wall clock's
 * now, so a store that drops expired tokens keeps them.
 */
public abstract class TokenStoreContract {

    /** For subclasses. */
    protected TokenStoreContract() {
    }

    /**
     * The store under test; called before each check.
     *
     * @return the store
     */
    protected abstract TokenStore store();

    /**
     * Makes leases taken with {@code ttl} expire: moves the store's clock past it, or waits (with
     * a deadline) until the store's server has expired them.
     *
     * @param store the store the leases were taken on
     * @param ttl   the time-to-live they were taken with
     * @throws Exception when the store cannot be made to expire them
     */
    protected abstract void letLeasesExpire(TokenStore store, Duration ttl) throws Exception;

    private TokenStore store;

    @BeforeEach
    void createStore() {
        store = store();
    }

    static TokenKey key() {
        return TokenKey.of("contract", UUID.randomUUID().toString().replace("-", ""), Secret.of("contract-secret"));
    }

    static AccessToken token(String value, Duration lifetime) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return AccessToken.builder(value).issuedAt(now).expiresAt(now.plus(lifetime)).build();
    }

    /** Runs {@code n} calls on {@code n} threads released at once; their results in order. */
    static <T> List<T> concurrently(int n, IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.apply(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("the test provides a store")
    void providesStore() {
        assertThat(store).as("store()").isNotNull();
    }

    @Nested
    @DisplayName("tokens")
    class Tokens {
        @Test
        @DisplayName("nothing is stored under a new key")
        void emptyAtFirst() {
            assertThat(store.read(key())).isEmpty();
        }

        @Test
        @DisplayName("a published token reads back with its value, type, issue and expiry to the millisecond")
        void roundTrip() {
            TokenKey k = key();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            AccessToken t = AccessToken.builder("round-trip-value").type("DPoP").issuedAt(now)
                    .expiresAt(now.plus(Duration.ofHours(1))).build();
            assertThat(store.publish(k, t, null).value()).isEqualTo("round-trip-value");
            AccessToken read = store.read(k).orElseThrow();
            assertThat(read.value()).isEqualTo(t.value());
            assertThat(read.type()).isEqualTo("DPoP");
            assertThat(read.expiresAt()).isEqualTo(t.expiresAt());
            assertThat(read.issuedAt()).isEqualTo(now);
        }

        @Test
        @DisplayName("publishing is publish-if-newer: a token that expires earlier than the stored one loses")
        void publishIfNewer() {
            TokenKey k = key();
            AccessToken longer = token("longer", Duration.ofHours(2));
            AccessToken shorter = token("shorter", Duration.ofHours(1));
            store.publish(k, longer, null);
            assertThat(store.publish(k, shorter, null).value()).as("the winner returned").isEqualTo("longer");
            assertThat(store.read(k).orElseThrow().value()).isEqualTo("longer");
            AccessToken newest = token("newest", Duration.ofHours(3));
            assertThat(store.publish(k, newest, null).value()).isEqualTo("newest");
            assertThat(store.read(k).orElseThrow().value()).isEqualTo("newest");
        }

        @Test
        @DisplayName("the same token stated later replaces the stored one, even when its expiry rounds earlier")
        void laterStatementOfSameToken() {
            TokenKey k = key();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant expiry = now.plus(Duration.ofHours(1));
            store.publish(k, AccessToken.builder("same").issuedAt(now).expiresAt(expiry).build(), null);
            AccessToken restated = AccessToken.builder("same").issuedAt(now.plusSeconds(60))
                    .expiresAt(expiry.minusMillis(400)).build();
            assertThat(store.publish(k, restated, null).issuedAt()).isEqualTo(now.plusSeconds(60));
            assertThat(store.read(k).orElseThrow().expiresAt()).contains(expiry.minusMillis(400));
        }

        @Test
        @DisplayName("a writer replaces its own token even when the new one expires earlier (its clock stepped back)")
        void writerReplacesItsOwn() {
            TokenKey k = key();
            AccessToken mine = token("mine-1", Duration.ofHours(2));
            assertThat(store.publish(k, mine, null).value()).isEqualTo("mine-1");
            AccessToken next = token("mine-2", Duration.ofHours(1));
            assertThat(store.publish(k, next, mine).value()).as("the winner returned").isEqualTo("mine-2");
            assertThat(store.read(k).orElseThrow().value()).isEqualTo("mine-2");
            assertThat(store.read(k).orElseThrow().expiresAt()).isEqualTo(next.expiresAt());
        }

        @Test
        @DisplayName("another writer's newer token still wins over a writer replacing its own older one")
        void otherWritersNewerTokenWins() {
            TokenKey k = key();
            AccessToken mine = token("mine-1", Duration.ofHours(1));
            store.publish(k, mine, null);
            AccessToken theirs = token("theirs", Duration.ofHours(3));
            assertThat(store.publish(k, theirs, mine).value()).as("they replaced it first").isEqualTo("theirs");
            assertThat(store.publish(k, token("mine-2", Duration.ofHours(2)), mine).value()).isEqualTo("theirs");
            assertThat(store.read(k).orElseThrow().value()).isEqualTo("theirs");
            assertThat(store.publish(k, token("mine-3", Duration.ofHours(4)), mine).value())
                    .as("a newer one still replaces it").isEqualTo("mine-3");
        }

        @Test
        @DisplayName("with nothing to replace, or an empty key, publishing is publish if newer")
        void replacingNothing() {
            TokenKey k = key();
            AccessToken gone = token("gone", Duration.ofHours(5));
            assertThat(store.publish(k, token("first", Duration.ofHours(1)), gone).value()).as("empty key")
                    .isEqualTo("first");
            store.publish(k, token("longer", Duration.ofHours(2)), null);
            assertThat(store.publish(k, token("shorter", Duration.ofMinutes(30)), null).value()).isEqualTo("longer");
            assertThat(store.read(k).orElseThrow().value()).isEqualTo("longer");
        }

        @Test
        @DisplayName("invalidate removes the stored token only when the value matches")
        void compareAndDelete() {
            TokenKey k = key();
            store.publish(k, token("current", Duration.ofHours(1)), null);
            assertThat(store.invalidate(k, token("older", Duration.ofHours(1)))).as("another value").isFalse();
            assertThat(store.read(k)).isPresent();
            assertThat(store.invalidate(k, token("current", Duration.ofHours(1)))).isTrue();
            assertThat(store.read(k)).isEmpty();
            assertThat(store.invalidate(k, token("current", Duration.ofHours(1)))).as("again").isFalse();
        }

        @Test
        @DisplayName("keys do not share tokens")
        void keysAreIsolated() {
            TokenKey a = key();
            TokenKey b = key();
            store.publish(a, token("for-a", Duration.ofHours(1)), null);
            assertThat(store.read(b)).isEmpty();
            store.publish(b, token("for-b", Duration.ofHours(1)), null);
            assertThat(store.read(a).orElseThrow().value()).isEqualTo("for-a");
            store.invalidate(b, token("for-b", Duration.ofHours(1)));
            assertThat(store.read(a)).isPresent();
        }

        @Test
        @DisplayName("a key with the same provider and identity but other secret material does not get the token")
        void otherSecretsSeeNothing() {
            TokenKey k = key();
            TokenKey other = TokenKey.of(k.providerId(), k.identity(), Secret.of("other-secret"));
            store.publish(k, token("for-k", Duration.ofHours(1)), null);
            assertThat(store.read(other)).isEmpty();
        }

        @Test
        @DisplayName("16 threads publishing at once: the token that expires last is stored, and each learns the winner or its own")
        void publishRace() throws Exception {
            TokenKey k = key();
            int n = 16;
            List<AccessToken> results = concurrently(n, i -> store.publish(k, token("racer-" + i, Duration.ofMinutes(10 + i)), null));
            assertThat(results).allSatisfy(r -> assertThat(r.value()).startsWith("racer-"));
            assertThat(store.read(k).orElseThrow().value()).isEqualTo("racer-" + (n - 1));
        }

        @Test
        @DisplayName("toString shows no token value and no secret")
        void hygiene() {
            TokenKey k = key();
            store.publish(k, token("value-that-must-not-show", Duration.ofHours(1)), null);
            assertThat(String.valueOf(store)).doesNotContain("value-that-must-not-show").doesNotContain("contract-secret");
            assertThat(k.toString()).doesNotContain("contract-secret");
        }
    }

    @Nested
    @DisplayName("leases")
    class Leases {
        @Test
        @DisplayName("one holder at a time; after release the next one gets it")
        void oneHolder() {
            TokenKey k = key();
            Optional<TokenStore.Lease> first = store.tryLease(k, Duration.ofSeconds(30));
            assertThat(first).as("first").isPresent();
            assertThat(store.tryLease(k, Duration.ofSeconds(30))).as("while held").isEmpty();
            assertThat(store.tryLease(key(), Duration.ofSeconds(30))).as("another key").isPresent();
            first.get().release();
            assertThat(store.tryLease(k, Duration.ofSeconds(30))).as("after release").isPresent();
        }

        @Test
        @DisplayName("a holder that never releases loses the lease when its time-to-live runs out")
        void expires() throws Exception {
            TokenKey k = key();
            Duration ttl = Duration.ofMillis(500);
            assertThat(store.tryLease(k, ttl)).isPresent();
            letLeasesExpire(store, ttl);
            assertThat(store.tryLease(k, Duration.ofSeconds(30))).as("after the ttl").isPresent();
        }

        @Test
        @DisplayName("releasing an expired lease does not release the next holder's, and release is idempotent")
        void releaseIsCompareAndDelete() throws Exception {
            TokenKey k = key();
            Duration ttl = Duration.ofMillis(500);
            TokenStore.Lease old = store.tryLease(k, ttl).orElseThrow();
            letLeasesExpire(store, ttl);
            TokenStore.Lease next = store.tryLease(k, Duration.ofSeconds(30)).orElseThrow();
            old.release();
            old.release();
            assertThat(store.tryLease(k, Duration.ofSeconds(30))).as("the next holder still holds it").isEmpty();
            next.release();
            next.release();
            assertThat(store.tryLease(k, Duration.ofSeconds(30))).isPresent();
        }

        @Test
        @DisplayName("16 threads racing for one lease: exactly one wins")
        void race() throws Exception {
            TokenKey k = key();
            List<Boolean> wins = concurrently(16, i -> store.tryLease(k, Duration.ofSeconds(30)).isPresent());
            assertThat(wins.stream().filter(Boolean::booleanValue).count()).isEqualTo(1);
        }
    }
}
