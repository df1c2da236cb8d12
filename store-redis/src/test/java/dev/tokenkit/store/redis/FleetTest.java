package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas, each with its own {@link RedisTokenStore} client and {@link TokenSource}, share one
 * token through a real redis-server: one request per token lifetime for the fleet.
 */
class FleetTest {
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.perClass();

    private static Fleet fleet(Vendor vendor, int replicas) {
        return new Fleet(vendor, replicas, i -> redis.track(RedisTokenStore.create(redis.uri())), b -> b);
    }

    @Test
    @DisplayName("cold start: 8 replicas asking at once make 1 request and all get its token")
    void coldStart() throws Exception {
        Vendor vendor = new Vendor(Duration.ofHours(1));
        try (Fleet fleet = fleet(vendor, 8)) {
            List<CompletableFuture<AccessToken>> all = new ArrayList<>();
            fleet.sources.forEach(s -> all.add(CompletableFuture.supplyAsync(s::token)));
            for (CompletableFuture<AccessToken> f : all) {
                assertThat(f.get(30, TimeUnit.SECONDS).value()).isEqualTo("token-1");
            }
            assertThat(vendor.requests()).isEqualTo(1);
            // listeners hear of a fetch just after its callers have their token
            Await.until(() -> "replicas that adopted without a request: " + fleet.adopted.get(), Duration.ofSeconds(10),
                    () -> fleet.adopted.get() == 7);
            assertThat(fleet.storeFailures.get()).isZero();
        }
    }

    @Test
    @DisplayName("over many lifetimes, 4 replicas make as many requests as one source alone (not 4 times as many)")
    void lifetimes() throws Exception {
        Duration lifetime = Duration.ofSeconds(2);
        Vendor fleetVendor = new Vendor(lifetime);
        Vendor aloneVendor = new Vendor(lifetime);
        try (Fleet fleet = fleet(fleetVendor, 4); Fleet alone = new Fleet(aloneVendor, 1, null, b -> b)) {
            fleet.startCallers(5);
            alone.startCallers(5);
            Await.until("the lone source's 8th request", Duration.ofSeconds(60), () -> aloneVendor.requests() >= 8);
            fleet.stopCallers();
            alone.stopCallers();
            assertThat(fleet.failedCalls).isEmpty();
            assertThat(fleet.storeFailures.get()).isZero();
            // refresh points are jittered ±5 %, so the counts may differ by one
            // The fleet refreshes at the earliest of its replicas' jittered refresh points (±5 % of the
            // lifetime), so somewhat more often than one source alone; never 4 times as often.
            assertThat(fleetVendor.requests()).as("fleet of 4 vs one source alone (%d)", aloneVendor.requests())
                    .isBetween(aloneVendor.requests() - 1, (int) (aloneVendor.requests() * 1.15) + 1);
            assertThat(fleet.adopted.get()).as("refreshes that adopted the token another replica fetched")
                    .isGreaterThanOrEqualTo(3 * (fleetVendor.requests() - 1));
            assertThat(fleet.calls.get()).isGreaterThan(1000);
        }
    }

    @Test
    @DisplayName("invalidate on one replica removes the token for all: the fleet refetches once, the others adopt")
    void invalidateFleetWide() throws Exception {
        Vendor vendor = new Vendor(Duration.ofHours(1));
        try (Fleet fleet = fleet(vendor, 4)) {
            AccessToken t1 = fleet.replica(0).token();
            fleet.sources.forEach(TokenSource::token);
            fleet.replica(0).invalidate(t1);
            assertThat(fleet.replica(0).token().value()).isEqualTo("token-2");
            for (TokenSource s : fleet.sources.subList(1, 4)) {
                s.invalidate(t1); // their APIs reject the old token too
                assertThat(s.token().value()).isEqualTo("token-2");
            }
            assertThat(vendor.requests()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a replica closed while it holds the lease: another takes over at once, and no caller fails")
    void closedHolder() throws Exception {
        Vendor vendor = new Vendor(Duration.ofHours(1));
        vendor.hold();
        try (Fleet fleet = fleet(vendor, 2)) {
            CompletableFuture<AccessToken> holder = fleet.replica(0).tokenAsync();
            Await.until("the holder's request", Duration.ofSeconds(10), () -> vendor.holding() == 1);
            long start = System.nanoTime();
            CompletableFuture<AccessToken> waiter = fleet.replica(1).tokenAsync();
            fleet.replica(0).close();     // releases its lease on the way out
            fleet.stores.get(0).close();
            Await.until("the waiter's own request", Duration.ofSeconds(10), () -> vendor.requests() == 2);
            vendor.open();
            assertThat(waiter.get(30, TimeUnit.SECONDS).value()).isEqualTo("token-2");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("taken over well before the lease's time-to-live")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(holder).isCompletedExceptionally();
        }
    }

    @Test
    @DisplayName("a replica killed (SIGKILL, another JVM) while it holds the lease: the waiter takes over when the lease"
            + " expires, within its own deadline, with one request")
    void killedHolder() throws Exception {
        Vendor vendor = new Vendor(Duration.ofHours(1));
        Duration deadline = Duration.ofSeconds(6);
        try (Fleet fleet = new Fleet(vendor, 1, i -> redis.track(RedisTokenStore.create(redis.uri())),
                b -> b.requestTimeout(Duration.ofSeconds(1)).fetchDeadline(deadline))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    DyingReplica.class.getName(), redis.uri().toString(), fleet.key.identity(),
                    Long.toString(deadline.toMillis())).redirectErrorStream(true).start();
            try {
                RedisClient client = redis.client();
                String lease = fleet.stores.get(0).leaseKeyName(fleet.key);
                Await.until("the other replica's lease", Duration.ofSeconds(30), () -> client.exists(lease));
                other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                assertThat(client.pttl(lease)).as("left behind, with the engine's time-to-live").isPositive()
                        .isLessThan(deadline.toMillis());
                long start = System.nanoTime();
                assertThat(fleet.replica(0).token().value()).isEqualTo("token-1");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(deadline);
                assertThat(vendor.requests()).isEqualTo(1);
            } finally {
                other.destroyForcibly();
            }
        }
    }
}
