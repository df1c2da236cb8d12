package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import dev.tokenkit.spi.TokenStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Replicas with different fetch deadlines share a store: no replica's {@code token()} fails
 * because of another's settings. Virtual time; the holder that never publishes runs on a real
 * thread of its own (its fetch really hangs), everything else on the manual scheduler.
 */
class LeaseDeadlineTest {
    private static final long WAIT_S = 30; // bounds waits for real threads; never reached when the code is right
    private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(40);

    private final VirtualTime vt = new VirtualTime();
    private final TokenStore store = TokenStore.inMemory(vt.clock);
    private final TokenKey key = TokenKey.of(ScriptedProvider.ID, "tenant-a", Secret.of("s"));
    private final ExecutorService holderThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-holder");
        t.setDaemon(true);
        return t;
    });

    /** Takes the lease and then hangs in fetch() until released: a replica that dies mid-fetch. */
    static final class NeverPublishes implements TokenProvider {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String id() {
            return ScriptedProvider.ID;
        }

        @Override
        public AccessToken fetch() {
            calls.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new ProviderUnavailableException(ScriptedProvider.ID, "the holder gave up", null);
        }
    }

    @AfterEach
    void stopHolder() {
        holderThreads.shutdownNow();
    }

    private TokenSource waiter(ScriptedProvider provider) {
        return vt.source(provider).store(store).key(key).build();
    }

    @Test
    @DisplayName("a holder on a 10-minute deadline hangs holding the lease: a replica on the default 40 s deadline"
            + " still gets a token within its deadline, with one request of its own")
    void longDeadlineHolderDies() throws Exception {
        List<Duration> ttls = new ArrayList<>();
        TokenStore watched = new TokenStoreSeamTest.Forwarding(store) {
            @Override
            public Optional<Lease> tryLease(TokenKey k, Duration ttl) {
                ttls.add(ttl);
                return super.tryLease(k, ttl);
            }
        };
        NeverPublishes hung = new NeverPublishes();
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        try (TokenSource holder = TokenSource.builder(hung).clock(vt.clock).scheduler(vt.scheduler)
                .fetchExecutor(holderThreads).expiry(VirtualTime.expiry()).retry(VirtualTime.retry())
                .fetchDeadline(Duration.ofMinutes(10)).store(watched).key(key).build();
             TokenSource waiter = waiter(provider)) {
            holder.tokenAsync();
            assertThat(hung.entered.await(WAIT_S, TimeUnit.SECONDS)).as("the holder fetches, holding the lease").isTrue();
            assertThat(ttls).singleElement().satisfies(ttl -> assertThat(ttl).as("the holder's lease")
                    .isLessThanOrEqualTo(Duration.ofSeconds(20)));
            CompletableFuture<AccessToken> f = vt.ask(waiter);
            vt.scheduler.advance(DEFAULT_DEADLINE.minusSeconds(1));
            assertThat(f).as("a token before the waiter's own deadline").isCompleted();
            assertThat(f.join().value()).isEqualTo("token-1");
            assertThat(provider.calls()).as("the waiter's requests").isEqualTo(1);
            assertThat(hung.calls.get()).as("the holder's requests").isEqualTo(1);
        } finally {
            hung.release.countDown();
        }
    }

    @Test
    @DisplayName("a lease that outlives the waiter's deadline (taken by a replica with other settings, never"
            + " released): the waiter fetches on its own before its deadline, with one request")
    void leaseLongerThanDeadline() {
        store.tryLease(key, Duration.ofMinutes(5)).orElseThrow();
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        try (TokenSource waiter = waiter(provider)) {
            CompletableFuture<AccessToken> f = vt.ask(waiter);
            vt.scheduler.advance(DEFAULT_DEADLINE.dividedBy(2));
            assertThat(f).as("still waiting for the holder at half the deadline").isNotDone();
            vt.scheduler.advance(DEFAULT_DEADLINE.dividedBy(2).minusSeconds(1));
            assertThat(f).as("a token before the waiter's own deadline").isCompleted();
            assertThat(f.join().value()).isEqualTo("token-1");
            assertThat(provider.calls()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("eight waiters behind such a lease make one request between them: the first to fetch publishes,"
            + " the others adopt")
    void waitersDoNotStorm() {
        store.tryLease(key, Duration.ofMinutes(5)).orElseThrow();
        List<ScriptedProvider> providers = new ArrayList<>();
        List<TokenSource> waiters = new ArrayList<>();
        List<CompletableFuture<AccessToken>> tokens = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                ScriptedProvider p = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
                providers.add(p);
                TokenSource w = waiter(p);
                waiters.add(w);
                tokens.add(vt.ask(w));
                vt.scheduler.advance(Duration.ofMillis(300)); // replicas starting one after another
            }
            vt.scheduler.advance(DEFAULT_DEADLINE);
            assertThat(tokens).allSatisfy(f -> assertThat(f.join().value()).isEqualTo("token-1"));
            assertThat(providers.stream().mapToInt(ScriptedProvider::calls).sum()).as("requests in all").isEqualTo(1);
        } finally {
            waiters.forEach(TokenSource::close);
        }
    }

    @Test
    @DisplayName("a replica on a short deadline (12 s) behind a default holder that died holding its lease: it"
            + " fetches on its own within its deadline")
    void shortDeadlineWaiter() {
        store.tryLease(key, DEFAULT_DEADLINE.dividedBy(2)).orElseThrow(); // what a default holder takes
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        try (TokenSource waiter = vt.source(provider).store(store).key(key).requestTimeout(Duration.ofSeconds(2))
                .fetchDeadline(Duration.ofSeconds(12)).build()) {
            CompletableFuture<AccessToken> f = vt.ask(waiter);
            vt.scheduler.advance(Duration.ofSeconds(11));
            assertThat(f).as("a token before the waiter's own deadline").isCompleted();
            assertThat(f.join().value()).isEqualTo("token-1");
            assertThat(provider.calls()).isEqualTo(1);
        }
    }
}
