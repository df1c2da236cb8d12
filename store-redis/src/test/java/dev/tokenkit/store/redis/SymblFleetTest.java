package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.SymblEmulator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The user's path: {@code TokenProviders.sourceBuilder("symbl", config).store(redis)} against the Symbl emulator. */
class SymblFleetTest {
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.perClass();

    private static List<TokenSource> replicas(SymblEmulator symbl, int n) {
        ProviderConfig config = ProviderConfig.builder().put("app-id", SymblEmulator.DEMO_APP_ID)
                .putSecret("app-secret", SymblEmulator.DEMO_APP_SECRET).put("base-url", symbl.baseUri().toString()).build();
        List<TokenSource> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RedisTokenStore store = redis.track(RedisTokenStore.create(redis.uri()));
            sources.add(TokenProviders.load().sourceBuilder("symbl", config).store(store).build());
        }
        return sources;
    }

    @Test
    @DisplayName("4 replicas configured alike: 1 request to Symbl; Redis holds neither the app secret nor the token")
    void oneRequest() {
        try (SymblEmulator symbl = SymblEmulator.start()) {
            List<TokenSource> fleet = replicas(symbl, 4);
            try {
                List<AccessToken> tokens = fleet.stream().map(TokenSource::token).toList();
                assertThat(tokens).extracting(AccessToken::value).containsOnly(tokens.get(0).value());
                assertThat(symbl.server().requestCount()).isEqualTo(1);
                RedisClient client = redis.client();
                StringBuilder everything = new StringBuilder();
                for (String k : client.keys("*")) {
                    everything.append(k).append(k.startsWith("tokenkit:token:") ? client.hgetAll(k) : client.get(k));
                }
                assertThat(everything.toString()).contains("tokenkit:token:symbl:")
                        .doesNotContain(SymblEmulator.DEMO_APP_SECRET).doesNotContain(tokens.get(0).value());
            } finally {
                fleet.forEach(TokenSource::close);
            }
        }
    }

    @Test
    @DisplayName("the re-issue guard holds across the fleet: 4 replicas in a 401 loop against Symbl's server cache make a"
            + " handful of requests, not a storm, and no call fails")
    void reissueGuard() throws Exception {
        try (SymblEmulator symbl = SymblEmulator.start()) {
            List<TokenSource> fleet = replicas(symbl, 4);
            try {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                List<CompletableFuture<Integer>> loops = new ArrayList<>();
                for (TokenSource s : fleet) {
                    loops.add(CompletableFuture.supplyAsync(() -> {
                        int calls = 0;
                        while (System.nanoTime() < end) {
                            AccessToken t = s.token(); // the API answers 401 every time
                            s.invalidate(t);
                            calls++;
                            try {
                                Thread.sleep(5); // the application's own pace between API calls
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                break;
                            }
                        }
                        return calls;
                    }));
                }
                int calls = 0;
                for (CompletableFuture<Integer> l : loops) {
                    calls += l.get(30, TimeUnit.SECONDS);
                }
                assertThat(calls).isGreaterThan(100);
                // per replica: the first fetch, then one per cool-down (1.75 s, 3.5 s, …) at most
                assertThat(symbl.server().requestCount()).as("requests for %d API calls", calls).isBetween(2, 4 * 3 + 1);
            } finally {
                fleet.forEach(TokenSource::close);
            }
        }
    }
}
