package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What one store call may cost: a read transfers at most the size cap, whatever is stored
 * (checked on the server before the value crosses the wire), and a call ends at its deadline
 * however slowly the server answers, over a proxy on loopback that counts and trickles bytes.
 */
class BoundedCallsTest {
    @RegisterExtension
    final RedisServerExtension redis = RedisServerExtension.perTest();

    private static TokenKey key() {
        return TokenKey.of("fleet", UUID.randomUUID().toString().replace("-", ""), Secret.of("app-secret=s\n"));
    }

    private static AccessToken token(String value, Duration lifetime) {
        Instant now = Instant.now();
        return AccessToken.builder(value).issuedAt(now).expiresAt(now.plus(lifetime)).build();
    }

    @Test
    @DisplayName("a hash whose 'ct' is 64 MB: a read transfers under 16 KB and reads as absent; the next publish replaces it,"
            + " also transferring under 16 KB")
    void hugeValue() {
        try (LoopbackProxy proxy = LoopbackProxy.to(redis.server().port())) {
            RedisTokenStore store = redis.track(RedisTokenStore.create(proxy.uri()));
            // building 64 MB on the server takes seconds on a loaded machine: a patient client
            RedisClient admin = redis.client(Duration.ofSeconds(60));
            TokenKey k = key();
            String name = store.tokenKeyName(k);
            store.publish(k, token("genuine", Duration.ofHours(10)), null);
            // written on the server, so that the 64 MB never pass through this JVM
            admin.eval("redis.call('HSET', KEYS[1], 'ct', string.rep('A', 67108864))", List.of(name), List.of());
            assertThat(admin.hstrlen(name, "ct")).isEqualTo(64L << 20);

            long before = proxy.downstreamBytes();
            assertThat(store.read(k)).isEmpty();
            assertThat(proxy.downstreamBytes() - before).as("bytes a read transferred").isLessThan(16 * 1024);

            before = proxy.downstreamBytes();
            assertThat(store.publish(k, token("mine", Duration.ofMinutes(5)), null).value()).isEqualTo("mine");
            assertThat(proxy.downstreamBytes() - before).as("bytes the publish transferred").isLessThan(16 * 1024);
            assertThat(admin.hstrlen(name, "ct")).isLessThan(1024L);
            assertThat(store.read(k).orElseThrow().value()).isEqualTo("mine");
        }
    }

    @Test
    @DisplayName("a token larger than the cap is not stored (a RedisStoreException naming the sizes), so nothing the fleet"
            + " could not read is ever written")
    void tokenAboveTheCap() {
        RedisTokenStore store = redis.store();
        TokenKey k = key();
        AccessToken huge = token("x".repeat(200 * 1024), Duration.ofHours(1));
        assertThatThrownBy(() -> store.publish(k, huge, null)).isInstanceOf(RedisStoreException.class)
                .hasMessageContaining("too large").hasMessageNotContaining("xxxx");
        assertThat(redis.client().exists(store.tokenKeyName(k))).isFalse();
        AccessToken big = token("x".repeat(64 * 1024), Duration.ofHours(1));
        assertThat(store.publish(k, big, null).value()).isEqualTo(big.value());
        assertThat(store.read(k).orElseThrow().value()).isEqualTo(big.value());
    }

    @Test
    @DisplayName("a server that answers one byte every 100 ms (never silent for a socket timeout): the call fails at its"
            + " deadline (connect + socket timeout), its connection is discarded, and the next call works")
    void trickle() throws InterruptedException {
        try (LoopbackProxy proxy = LoopbackProxy.to(redis.server().port())) {
            Duration connect = Duration.ofMillis(200);
            Duration socket = Duration.ofMillis(300);
            RedisTokenStore store = redis.track(RedisTokenStore.builder(proxy.uri()).connectTimeout(connect)
                    .socketTimeout(socket).build());
            TokenKey k = key();
            store.publish(k, token("genuine", Duration.ofHours(1)), null);
            int gone = proxy.clientsGone();

            proxy.trickle(Duration.ofMillis(100));
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.read(k)).isInstanceOf(RedisStoreException.class)
                    .hasMessageContaining("500 ms").hasMessageContaining(store.tokenKeyName(k));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("the call's deadline, then scheduling noise").isBetween(Duration.ofMillis(500),
                    Duration.ofMillis(2_500));
            // the proxy sees the close when its pump next reads
            Await.until(() -> "the connection, half-read, closed: " + proxy.clientsGone(), Duration.ofSeconds(10),
                    () -> proxy.clientsGone() == gone + 1);

            proxy.fullSpeed();
            assertThat(store.read(k).orElseThrow().value()).isEqualTo("genuine");
        }
    }
}
