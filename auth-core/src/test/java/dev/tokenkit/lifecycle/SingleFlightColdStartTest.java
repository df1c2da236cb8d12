package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testsupport.LoopbackServer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Guarantee 3: single flight; a cold start with 1,000 concurrent callers makes one request. */
class SingleFlightColdStartTest {

    @Test
    @DisplayName("1,000 threads calling token() on a cold source make exactly one request and all get its token")
    void thousandCallersOneRequest() throws Exception {
        try (LoopbackServer server = LoopbackServer.start()) {
            server.answer(LoopbackServer.delayed(Duration.ofMillis(200),
                    LoopbackServer.json(200, "{\"access_token\":\"cold-start-token\",\"expires_in\":3600}")));
            TokenProvider provider = JsonTestProviderFactory.against(server, InstantSource.system());
            int callers = 1000;
            Set<String> values = ConcurrentHashMap.newKeySet();
            List<AccessToken> tokens = new CopyOnWriteArrayList<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(callers);
            // the default executor (the source's own refresh thread), real clock, real HTTP
            try (TokenSource source = TokenSource.builder(provider).build()) {
                List<Thread> threads = new ArrayList<>(callers);
                for (int i = 0; i < callers; i++) {
                    Thread t = new Thread(() -> {
                        try {
                            ready.countDown();
                            go.await();
                            AccessToken token = source.token();
                            tokens.add(token);
                            values.add(token.value());
                        } catch (Throwable e) {
                            errors.add(e);
                        } finally {
                            done.countDown();
                        }
                    }, "caller-" + i);
                    t.setDaemon(true);
                    threads.add(t);
                    t.start();
                }
                assertThat(ready.await(60, TimeUnit.SECONDS)).as("all callers started").isTrue();
                go.countDown();
                assertThat(done.await(60, TimeUnit.SECONDS)).as("all callers finished").isTrue();
                for (Thread t : threads) {
                    t.join(10_000);
                }
            }
            assertThat(errors).isEmpty();
            assertThat(tokens).hasSize(callers);
            assertThat(values).containsExactly("cold-start-token");
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }
}
