package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Engine v2, point 4: a few shared threads for any number of sources; no head-of-line blocking. */
class SharedThreadsTest {
    private static final long WAIT_S = 30; // bounds waits for real threads; never reached when the code is right

    /** Issues a 1 h token at once, and remembers the threads it ran on. */
    static final class Instant1h implements TokenProvider {
        private final String id;
        private final Set<String> threads;

        Instant1h(String id, Set<String> threads) {
            this.id = id;
            this.threads = threads;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public AccessToken fetch() {
            threads.add(Thread.currentThread().getName());
            return AccessToken.builder(id + "-token").issuedAt(Instant.now()).expiresIn(Duration.ofHours(1)).build();
        }
    }

    /** Blocks, interruptibly, until released. */
    static final class Hung implements TokenProvider {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String id() {
            return "hung";
        }

        @Override
        public AccessToken fetch() {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new ProviderUnavailableException("hung", "gave up", null);
        }
    }

    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    private static long tokenkitThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("tokenkit-")).count();
    }

    @Test
    @DisplayName("1,000 sources on the default threads: at most 8 tokenkit threads in all, and fetches never run on"
            + " the timer")
    void thousandSourcesFewThreads() {
        List<TokenSource> sources = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                TokenSource s = TokenSource.builder(new Instant1h("tenant-" + i, threads)).build();
                sources.add(s);
                assertThat(s.token().value()).isEqualTo("tenant-" + i + "-token");
            }
            assertThat(tokenkitThreads()).isBetween(1L, 8L);
            assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("tokenkit-fetch-"));
        } finally {
            sources.forEach(TokenSource::close);
        }
    }

    @Test
    @DisplayName("close() leaves no queued task behind on the scheduler")
    void closeLeavesNothingQueued() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        timer.setRemoveOnCancelPolicy(true);
        List<TokenSource> sources = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                TokenSource s = TokenSource.builder(new Instant1h("tenant-" + i, threads)).scheduler(timer).build();
                sources.add(s);
                s.token();
            }
            assertThat(timer.getQueue()).as("one refresh each, no deadline left armed").hasSize(1000);
            sources.forEach(TokenSource::close);
            assertThat(timer.getQueue()).isEmpty();
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    @DisplayName("two hung providers on a pool of three: a healthy source still fetches, and its callers never wait on"
            + " them")
    void noHeadOfLineBlocking() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Hung first = new Hung();
        Hung second = new Hung();
        try (TokenSource hungA = TokenSource.builder(first).fetchExecutor(pool).build();
             TokenSource hungB = TokenSource.builder(second).fetchExecutor(pool).build();
             TokenSource healthy = TokenSource.builder(new Instant1h("healthy", threads)).fetchExecutor(pool).build()) {
            hungA.tokenAsync();
            hungB.tokenAsync();
            assertThat(first.entered.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(second.entered.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(healthy.tokenAsync().get(WAIT_S, TimeUnit.SECONDS).value()).isEqualTo("healthy-token");
            healthy.invalidate(healthy.token());
            assertThat(healthy.tokenAsync().get(WAIT_S, TimeUnit.SECONDS).value()).isEqualTo("healthy-token");
        } finally {
            first.release.countDown();
            second.release.countDown();
            pool.shutdownNow();
        }
    }
}
