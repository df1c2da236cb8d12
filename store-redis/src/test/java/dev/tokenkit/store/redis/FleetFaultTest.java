package dev.tokenkit.store.redis;

import dev.tokenkit.testing.RedisServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis faults under a running fleet (4 replicas, 2 s tokens, a caller per replica every 5 ms):
 * no {@code token()} call fails, the fault is reported to {@code storeFailed} listeners, and the
 * fleet recovers on its own once Redis is back.
 */
class FleetFaultTest {
    private static final Duration LIFETIME = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final RedisServerExtension redis = RedisServerExtension.perTest();

    private Fleet fleet(Vendor vendor) {
        return new Fleet(vendor, 4, i -> redis.track(RedisTokenStore.create(redis.uri())), b -> b);
    }

    /** Waits for {@code n} more requests to the vendor (each a refresh of someone's token). */
    private static void refreshes(Vendor vendor, int n) throws InterruptedException {
        int target = vendor.requests() + n;
        Await.until(() -> "vendor requests " + vendor.requests() + " of " + target, WAIT, () -> vendor.requests() >= target);
    }

    /** After a fault is healed: the fleet shares one token again, with no more store failures. */
    private static void recovers(Fleet fleet) throws InterruptedException {
        refreshes(fleet.vendor, 2); // the first refreshes after the fault may still meet broken connections
        int failures = fleet.storeFailures.get();
        int adopted = fleet.adopted.get();
        int requests = fleet.vendor.requests();
        refreshes(fleet.vendor, 3);
        assertThat(fleet.storeFailures.get()).as("store failures after recovery").isEqualTo(failures);
        int made = fleet.vendor.requests() - requests;
        assertThat(fleet.adopted.get() - adopted).as("adoptions in %d refreshes after recovery", made)
                .isGreaterThanOrEqualTo(3 * (made - 1));
    }

    /** CLIENT PAUSE: the server holds every client's commands for {@code millis}. */
    @SuppressWarnings("deprecation") // Jedis 8 has no typed CLIENT PAUSE on its RedisClient
    private static void pause(RedisClient admin, long millis) {
        admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", Long.toString(millis));
    }

    /**
     * A running fleet meets {@code fault} for 8 refreshes, then {@code heal}: no call fails, the fault is
     * reported, the fleet recovers; returns the slowest {@code token()} from the fault on.
     */
    private Duration outage(Runnable fault, Runnable heal) throws InterruptedException {
        Vendor vendor = new Vendor(LIFETIME);
        try (Fleet fleet = fleet(vendor)) {
            fleet.startCallers(5);
            refreshes(vendor, 3);
            assertThat(fleet.storeFailures.get()).isZero();
            fleet.slowestCallNanos.set(0);
            fault.run();
            refreshes(vendor, 8);
            assertThat(fleet.storeFailures.get()).as("store failures reported during the fault").isGreaterThan(0);
            heal.run();
            recovers(fleet);
            fleet.stopCallers();
            assertThat(fleet.failedCalls).as("failed token() calls").isEmpty();
            return Duration.ofNanos(fleet.slowestCallNanos.get());
        }
    }

    @Test
    @DisplayName("redis-server stopped mid-run, then started again: every replica fetches on its own meanwhile, then they share again")
    void stopped() throws Exception {
        outage(() -> redis.server().stop(), () -> redis.server().restart());
    }

    @Test
    @DisplayName("redis-server hung (SIGSTOP), then resumed: calls are cut off by the socket timeout, no caller waits on it")
    void hung() throws Exception {
        Duration slowest = outage(() -> redis.server().pause(), () -> redis.server().resume());
        // A caller that waited on the hung server would wait at least the socket timeout (500 ms by
        // default); anything shorter is scheduling noise, which on a loaded 2-core machine has
        // reached 106 ms. How fast token() is belongs to the benchmarks (FleetBench), not here.
        assertThat(slowest).as("slowest token() while hung and after: less than the socket timeout")
                .isLessThan(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("redis-server restarted empty: the token is gone, the fleet fetches it once and shares it again")
    void restartedEmpty() throws Exception {
        Vendor vendor = new Vendor(Duration.ofHours(1));
        try (Fleet fleet = fleet(vendor)) {
            fleet.sources.forEach(s -> s.token());
            assertThat(vendor.requests()).isEqualTo(1);
            redis.server().restart();
            // replicas that start now find nothing, and make one request between them
            try (Fleet newcomers = new Fleet(vendor, 4, i -> redis.track(RedisTokenStore.create(redis.uri())),
                    b -> b.key(fleet.key))) {
                newcomers.sources.forEach(s -> s.token());
                assertThat(vendor.requests()).isEqualTo(2);
                // listeners hear of a fetch just after its callers have their token
                Await.until(() -> "adoptions: " + newcomers.adopted.get(), WAIT, () -> newcomers.adopted.get() == 3);
            }
            // an old replica whose API rejects its token: its pooled connection died with the server
            // (reported, and it fetches on its own) or it finds the newcomers' token (adopted)
            fleet.replica(0).invalidate(fleet.replica(0).token());
            assertThat(fleet.replica(0).token().value()).isIn("token-2", "token-3");
        }
    }

    @Test
    @DisplayName("Redis evicting keys (maxmemory, allkeys-lru): an evicted token is fetched once more, never a failure")
    void evicting() throws Exception {
        RedisServer server = redis.server();
        RedisClient admin = redis.client();
        admin.configSet("maxmemory", "4mb");
        admin.configSet("maxmemory-policy", "allkeys-lru");
        Vendor vendor = new Vendor(Duration.ofHours(1));
        try (Fleet fleet = fleet(vendor)) {
            fleet.replica(0).token();
            String tokenKey = fleet.stores.get(0).tokenKeyName(fleet.key);
            String junk = "x".repeat(10_000);
            for (int i = 0; i < 2_000 && admin.exists(tokenKey); i++) {
                admin.set("junk:" + i, junk);
            }
            assertThat(admin.exists(tokenKey)).as("evicted by " + server).isFalse();
            // no more pressure: what replica 1 publishes next must not be evicted in turn
            admin.configSet("maxmemory", "0");
            fleet.replica(1).token(); // finds nothing, fetches once
            fleet.replica(2).token(); // adopts what replica 1 published
            assertThat(vendor.requests()).isEqualTo(2);
            assertThat(fleet.failedCalls).isEmpty();
        }
    }

    @Test
    @DisplayName("Redis out of memory (maxmemory, noeviction): publishing fails, is reported, and the replica serves its own token")
    void outOfMemory() throws Exception {
        RedisClient admin = redis.client();
        admin.configSet("maxmemory", "2mb");
        admin.configSet("maxmemory-policy", "noeviction");
        String junk = "x".repeat(10_000);
        for (int i = 0; i < 2_000; i++) {
            try {
                admin.set("junk:" + i, junk);
            } catch (RuntimeException e) {
                break; // OOM: full
            }
        }
        Vendor vendor = new Vendor(Duration.ofHours(1));
        try (Fleet fleet = fleet(vendor)) {
            assertThat(fleet.replica(0).token().value()).isEqualTo("token-1");
            assertThat(fleet.storeFailures.get()).as("the refused write, reported").isGreaterThan(0);
        }
    }

    @Test
    @DisplayName("Redis answering slowly: within the socket timeout nothing changes; beyond it, each replica fetches alone")
    void slow() throws Exception {
        Vendor vendor = new Vendor(Duration.ofHours(1));
        RedisClient admin = redis.client();
        try (Fleet fleet = fleet(vendor)) {
            pause(admin, 200);
            fleet.sources.forEach(s -> s.token());
            assertThat(vendor.requests()).as("200 ms answers: still one request").isEqualTo(1);
            assertThat(fleet.storeFailures.get()).isZero();
        }
        Vendor second = new Vendor(Duration.ofHours(1));
        try (Fleet fleet = fleet(second)) {
            pause(admin, 1_500);
            long start = System.nanoTime();
            fleet.sources.forEach(s -> s.token());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("4 cold starts").isLessThan(Duration.ofSeconds(8));
            assertThat(fleet.storeFailures.get()).as("timeouts reported").isGreaterThan(0);
            assertThat(second.requests()).as("each replica on its own at worst").isBetween(1, 4);
            assertThat(fleet.failedCalls).isEmpty();
        }
    }
}
