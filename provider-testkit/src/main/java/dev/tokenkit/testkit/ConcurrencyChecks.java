package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.emulators.FakeResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One provider instance used by many threads, as every TokenSource's fetch threads do. */
abstract class ConcurrencyChecks extends KitChecks {
    ConcurrencyChecks(TokenProviderContract contract) {
        super(contract);
    }

    @Test
    @DisplayName("one provider serves concurrent fetches from many threads, each its own token")
    void concurrentFetches() throws Exception {
        Set<String> issued = ConcurrentHashMap.newKeySet();
        kit().server.respondWith(request -> {
            String t = ProviderFixture.newTokenValue();
            issued.add(t);
            return FakeResponse.ok(kit().successBody(t, "3600"));
        });
        TokenProvider p = kit().provider();
        int threads = 16;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<AccessToken>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    List<AccessToken> got = new ArrayList<>();
                    for (int j = 0; j < perThread; j++) {
                        got.add(p.fetch());
                    }
                    return got;
                }));
            }
            Set<String> received = new LinkedHashSet<>();
            for (Future<List<AccessToken>> f : futures) {
                f.get(60, TimeUnit.SECONDS).forEach(t -> received.add(t.value()));
            }
            assertThat(received).as("distinct tokens the fetches returned").hasSize(threads * perThread).isEqualTo(issued);
            assertThat(kit().server.requestCount()).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }
}
