package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.AccessToken;
import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.TokenSource;
import dev.tokenkit.spi.TokenStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Engine v2, point 6: sources coordinate through a {@link TokenStore}. */
class TokenStoreSeamTest {

    private final VirtualTime vt = new VirtualTime();
    private final TokenStore store = TokenStore.inMemory(vt.clock);
    private final TokenKey key = TokenKey.of(ScriptedProvider.ID, "tenant-a", Secret.of("s"));

    private TokenSource replica(ScriptedProvider provider, Recorder events) {
        return vt.source(provider).store(store).key(key).listener(events).build();
    }

    @Test
    @DisplayName("two sources sharing a store and key make one request; the second adopts the published token")
    void adoptPublished() {
        ScriptedProvider p1 = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        ScriptedProvider p2 = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        Recorder e2 = new Recorder(vt.clock);
        try (TokenSource a = replica(p1, new Recorder(vt.clock)); TokenSource b = replica(p2, e2)) {
            assertThat(vt.fetchNow(a).value()).isEqualTo("token-1");
            assertThat(vt.fetchNow(b).value()).isEqualTo("token-1");
            assertThat(p2.calls()).isZero();
            assertThat(e2.succeeded).singleElement().satisfies(s -> assertThat(s.attempts()).as("adopted").isZero());
            // b's refresh ahead finds the token a refreshed
            vt.scheduler.advance(Duration.ofMinutes(50));
            assertThat(p1.calls() + p2.calls()).as("one refresh for both").isEqualTo(2);
        }
    }

    @Test
    @DisplayName("while another holder has the lease, a source waits (polling with backoff) and adopts what it publishes")
    void waitForHolder() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        TokenStore.Lease held = store.tryLease(key, Duration.ofSeconds(30)).orElseThrow();
        try (TokenSource source = replica(provider, new Recorder(vt.clock))) {
            var f = vt.ask(source);
            vt.scheduler.advance(Duration.ofSeconds(2));
            assertThat(f).isNotDone();
            store.publish(key, AccessToken.builder("from-elsewhere").issuedAt(vt.clock.instant())
                    .expiresIn(Duration.ofHours(1)).build(), null);
            held.release();
            vt.scheduler.advance(Duration.ofSeconds(1));
            assertThat(f.join().value()).isEqualTo("from-elsewhere");
            assertThat(provider.calls()).isZero();
        }
    }

    @Test
    @DisplayName("a holder that dies without publishing: its lease runs out and the waiter fetches itself")
    void deadHolder() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        store.tryLease(key, Duration.ofSeconds(3)).orElseThrow(); // never released
        try (TokenSource source = replica(provider, new Recorder(vt.clock))) {
            var f = vt.ask(source);
            vt.scheduler.advance(Duration.ofSeconds(5));
            assertThat(f.join().value()).isEqualTo("token-1");
            assertThat(provider.calls()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a holder that dies with the lease the engine takes (never releasing it): a waiter that started with it"
            + " still takes over and gets a token within its own deadline")
    void holderDiesWithEngineLease() {
        java.util.List<Duration> ttls = new java.util.ArrayList<>();
        TokenStore recording = new Forwarding(store) {
            @Override
            public Optional<Lease> tryLease(TokenKey k, Duration ttl) {
                ttls.add(ttl);
                return super.tryLease(k, ttl);
            }
        };
        TokenKey other = TokenKey.of(ScriptedProvider.ID, "tenant-b", Secret.of("s"));
        try (TokenSource probe = vt.source(new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1)))
                .store(recording).key(other).build()) {
            vt.fetchNow(probe);
        }
        Duration deadline = Duration.ofSeconds(40); // the default: maxTotalTime 30 s + request timeout 10 s
        assertThat(ttls).singleElement().satisfies(ttl -> assertThat(ttl).isLessThan(deadline));
        
        // what a replica killed mid-fetch leaves behind
        store.tryLease(key, ttls.get(0)).orElseThrow();
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        try (TokenSource waiter = replica(provider, new Recorder(vt.clock))) {
            var f = vt.ask(waiter);
            vt.scheduler.advance(deadline.minusSeconds(1));
            assertThat(f).as("a token before the waiter's deadline").isCompleted();
            assertThat(f.join().value()).isEqualTo("token-1");
            assertThat(provider.calls()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("another holder publishes and releases between a source's read and its lease: the source reads again"
            + " and adopts, without a request")
    void publishedBetweenReadAndLease() {
        TokenStore racing = new Forwarding(store) {
            @Override
            public Optional<Lease> tryLease(TokenKey k, Duration ttl) {
                // the other replica's fetch ends right now: it publishes and releases its lease
                publish(k, AccessToken.builder("from-elsewhere").issuedAt(vt.clock.instant())
                        .expiresIn(Duration.ofHours(1)).build(), null);
                return super.tryLease(k, ttl);
            }
        };
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        try (TokenSource source = vt.source(provider).store(racing).key(key).build()) {
            assertThat(vt.fetchNow(source).value()).isEqualTo("from-elsewhere");
            assertThat(provider.calls()).isZero();
        }
        assertThat(store.tryLease(key, Duration.ofSeconds(1))).as("the lease was released").isPresent();
    }

    @Test
    @DisplayName("invalidate removes the token from the store for every source; the sharers refetch once in all")
    void invalidateForEveryone() {
        ScriptedProvider p1 = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        ScriptedProvider p2 = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        try (TokenSource a = replica(p1, new Recorder(vt.clock)); TokenSource b = replica(p2, new Recorder(vt.clock))) {
            AccessToken t1 = vt.fetchNow(a);
            assertThat(vt.fetchNow(b).value()).isEqualTo(t1.value());
            a.invalidate(t1);
            assertThat(vt.fetchNow(a).value()).isEqualTo("token-2");
            b.invalidate(t1); // b's API rejected the old token too
            assertThat(vt.fetchNow(b).value()).as("adopted, not fetched").isEqualTo("token-2");
            assertThat(p1.calls() + p2.calls()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a store that throws on every call: the source fetches on its own, callers never see it, listeners do")
    void brokenStore() {
        TokenStore down = new TokenStore() {
            @Override
            public Optional<AccessToken> read(TokenKey k) {
                throw new IllegalStateException("store down");
            }

            @Override
            public AccessToken publish(TokenKey k, AccessToken token, AccessToken replacing) {
                throw new IllegalStateException("store down");
            }

            @Override
            public boolean invalidate(TokenKey k, AccessToken token) {
                throw new IllegalStateException("store down");
            }

            @Override
            public Optional<Lease> tryLease(TokenKey k, Duration ttl) {
                throw new IllegalStateException("store down");
            }
        };
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).store(down).key(key).listener(events).build()) {
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-1");
            source.invalidate(source.token());
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-2");
        }
        assertThat(events.storeFailures).hasSize(2).allSatisfy(e -> assertThat(e).hasMessage("store down"));
        assertThat(events.failed).isEmpty();
    }

    @Test
    @DisplayName("a store without a key is a configuration mistake, named with its fix")
    void storeNeedsKey() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock);
        assertThatThrownBy(() -> TokenSource.builder(provider).store(store).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TokenProviders.sourceBuilder");
    }

    /** A store that forwards every call to another; tests override the call they watch. */
    static class Forwarding implements TokenStore {
        private final TokenStore delegate;

        Forwarding(TokenStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<AccessToken> read(TokenKey k) {
            return delegate.read(k);
        }

        @Override
        public AccessToken publish(TokenKey k, AccessToken token, AccessToken replacing) {
            return delegate.publish(k, token, replacing);
        }

        @Override
        public boolean invalidate(TokenKey k, AccessToken token) {
            return delegate.invalidate(k, token);
        }

        @Override
        public Optional<Lease> tryLease(TokenKey k, Duration ttl) {
            return delegate.tryLease(k, ttl);
        }
    }
}
