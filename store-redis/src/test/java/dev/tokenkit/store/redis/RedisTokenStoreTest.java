package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.spi.TokenStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link RedisTokenStore} writes to a real Redis, and what it does with what it finds there. */
class RedisTokenStoreTest {
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.perClass();

    private static final String VALUE = "token-value-that-must-not-show";
    private static final String SECRET = "app-secret=the-secret-that-must-not-show\n";

    private static TokenKey key(String secret) {
        return TokenKey.of("fleet", UUID.randomUUID().toString().replace("-", ""), Secret.of(secret));
    }

    private static AccessToken token(String value, Duration lifetime) {
        Instant now = Instant.now();
        return AccessToken.builder(value).issuedAt(now).expiresAt(now.plus(lifetime)).build();
    }

    @Nested
    @DisplayName("what is stored")
    class Stored {
        @Test
        @DisplayName("one hash per key under {prefix}token:{id}:{identity}, one lease under {prefix}lease:…; no value or secret anywhere")
        void layout() {
            RedisTokenStore store = redis.store();
            RedisClient client = redis.client();
            TokenKey k = key(SECRET);
            store.publish(k, token(VALUE, Duration.ofHours(1)), null);
            assertThat(store.tryLease(k, Duration.ofSeconds(30))).isPresent();
            String tokenKey = "tokenkit:token:fleet:" + k.identity();
            String leaseKey = "tokenkit:lease:fleet:" + k.identity();
            assertThat(client.keys("tokenkit:*:fleet:" + k.identity())).containsExactlyInAnyOrder(tokenKey, leaseKey);
            Map<String, String> hash = client.hgetAll(tokenKey);
            assertThat(hash).containsOnlyKeys("v", "exp", "expn", "iat", "iatn", "vh", "ct");
            String everything = tokenKey + leaseKey + hash + client.get(leaseKey);
            assertThat(everything).doesNotContain(VALUE).doesNotContain("the-secret-that-must-not-show");
            assertThat(client.get(leaseKey)).matches("[0-9a-f]{32}");
        }

        @Test
        @DisplayName("the hash expires in Redis when the token does, the lease at its time-to-live")
        void expiry() throws InterruptedException {
            RedisTokenStore store = redis.store();
            RedisClient client = redis.client();
            TokenKey k = key(SECRET);
            store.publish(k, token(VALUE, Duration.ofMinutes(10)), null);
            store.tryLease(k, Duration.ofSeconds(30));
            assertThat(client.pttl(store.tokenKeyName(k))).isBetween(Duration.ofMinutes(9).toMillis(), Duration.ofMinutes(10).toMillis());
            assertThat(client.pttl(store.leaseKeyName(k))).isBetween(1L, 30_000L);

            TokenKey shortKey = key(SECRET);
            store.publish(shortKey, token(VALUE, Duration.ofMillis(300)), null);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.read(shortKey).isPresent()) { // Redis drops it on its own clock: poll with a deadline
                assertThat(System.nanoTime()).as("dropped within 10 s").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(client.exists(store.tokenKeyName(shortKey))).isFalse();
        }

        @Test
        @DisplayName("instants keep their nanoseconds, and publish-if-newer compares them within one millisecond")
        void subMillisecond() {
            RedisTokenStore store = redis.store();
            TokenKey k = key(SECRET);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusNanos(123_456);
            Instant exp = now.plusSeconds(3600);
            store.publish(k, AccessToken.builder("a").issuedAt(now).expiresAt(exp).build(), null);
            assertThat(store.read(k).orElseThrow().issuedAt()).isEqualTo(now);
            AccessToken later = AccessToken.builder("b").issuedAt(now).expiresAt(exp.plusNanos(1)).build();
            assertThat(store.publish(k, later, null).value()).isEqualTo("b");
            AccessToken earlier = AccessToken.builder("c").issuedAt(now).expiresAt(exp).build();
            assertThat(store.publish(k, earlier, null).value()).isEqualTo("b");
            assertThat(store.read(k).orElseThrow().expiresAt()).contains(exp.plusNanos(1));
        }

        @Test
        @DisplayName("a key prefix of the user's keeps applications apart")
        void prefix() {
            RedisTokenStore a = redis.track(RedisTokenStore.builder(redis.uri()).keyPrefix("app-a:").build());
            RedisTokenStore b = redis.track(RedisTokenStore.builder(redis.uri()).keyPrefix("app-b:").build());
            TokenKey k = key(SECRET);
            a.publish(k, token(VALUE, Duration.ofHours(1)), null);
            assertThat(b.read(k)).isEmpty();
            assertThat(redis.client().exists("app-a:token:fleet:" + k.identity())).isTrue();
        }
    }

    @Nested
    @DisplayName("values it cannot open")
    class Unreadable {
        @Test
        @DisplayName("a value stored under other credentials reads as absent, logged once, and the next publish replaces it")
        void otherCredentials() {
            RedisTokenStore store = redis.store();
            TokenKey right = key(SECRET);
            TokenKey wrong = TokenKey.of("fleet", right.identity(), Secret.of("app-secret=wrong\n"));
            store.publish(right, token(VALUE, Duration.ofHours(2)), null);
            String ct = redis.client().hget(store.tokenKeyName(right), "ct");
            try (LogCapture log = LogCapture.of(RedisTokenStore.class)) {
                assertThat(store.read(wrong)).isEmpty();
                assertThat(store.read(wrong)).isEmpty();
                assertThat(log.lines(Level.WARNING)).singleElement().satisfies(line -> assertThat(line)
                        .contains(store.tokenKeyName(right)).contains("cannot be decrypted")
                        .doesNotContain(ct).doesNotContain(VALUE).doesNotContain("wrong").doesNotContain("must-not-show"));
            }
            // a token that expires earlier still replaces what this configuration cannot read
            AccessToken mine = token("mine", Duration.ofHours(1));
            assertThat(store.publish(wrong, mine, null).value()).isEqualTo("mine");
            assertThat(store.read(wrong).orElseThrow().value()).isEqualTo("mine");
            assertThat(store.read(right)).as("now the other side cannot read it").isEmpty();
        }

        @Test
        @DisplayName("altered clear fields, an altered ciphertext, missing fields or an unknown format read as absent")
        void altered() {
            RedisTokenStore store = redis.store();
            RedisClient client = redis.client();
            TokenKey k = key(SECRET);
            String name = store.tokenKeyName(k);
            AccessToken t = token(VALUE, Duration.ofHours(1));
            Map<String, String> alterations = Map.of(
                    "exp", "1", "iat", "2", "expn", "7", "vh", "0".repeat(64), "v", "2",
                    "ct", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ct ", "not base64!");
            try (LogCapture log = LogCapture.of(RedisTokenStore.class)) {
                for (Map.Entry<String, String> e : alterations.entrySet()) {
                    store.publish(k, t, null);
                    assertThat(store.read(k)).as("before altering %s", e.getKey()).isPresent();
                    client.hset(name, e.getKey().trim(), e.getValue());
                    assertThat(store.read(k)).as("after altering %s", e.getKey()).isEmpty();
                    client.del(name);
                }
                store.publish(k, t, null);
                assertThat(store.read(k)).isPresent(); // a good read: the next problem is logged again
                client.hdel(name, "vh");
                assertThat(store.read(k)).as("a field missing").isEmpty();
                assertThat(log.lines(Level.WARNING)).allSatisfy(line -> assertThat(line).doesNotContain(VALUE))
                        .anySatisfy(line -> assertThat(line).contains("altered"))
                        .anySatisfy(line -> assertThat(line).contains("format 2"))
                        .anySatisfy(line -> assertThat(line).contains("a hash of 6 fields, not 7"));
            }
            AccessToken replacement = token("replacement", Duration.ofMinutes(5));
            assertThat(store.publish(k, replacement, null).value()).as("an incomplete hash is replaced").isEqualTo("replacement");
            assertThat(store.read(k).orElseThrow().value()).isEqualTo("replacement");
        }

        @Test
        @DisplayName("a ciphertext copied from another key's hash does not open there")
        void copied() {
            RedisTokenStore store = redis.store();
            RedisClient client = redis.client();
            TokenKey a = key(SECRET);
            TokenKey b = TokenKey.of("fleet", a.identity() + "b", a.secretMaterial());
            store.publish(a, token(VALUE, Duration.ofHours(1)), null);
            client.hset(store.tokenKeyName(b), client.hgetAll(store.tokenKeyName(a)));
            assertThat(store.read(b)).isEmpty();
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {
        @Test
        @DisplayName("a URI that is not redis:// or rediss://, has no host, a bad path, a query or user info without ':' is refused with the fix")
        void badUris() {
            assertThatThrownBy(() -> RedisTokenStore.builder(URI.create("http://localhost:6379")))
                    .hasMessageContaining("redis:// or rediss://").hasMessageContaining("'http'");
            assertThatThrownBy(() -> RedisTokenStore.builder(URI.create("redis:///0"))).hasMessageContaining("no host");
            assertThatThrownBy(() -> RedisTokenStore.builder(URI.create("redis://localhost/x"))).hasMessageContaining("database number");
            assertThatThrownBy(() -> RedisTokenStore.builder(URI.create("redis://localhost?timeout=1"))).hasMessageContaining("no query");
            assertThatThrownBy(() -> RedisTokenStore.builder(URI.create("redis://hunter2@localhost")))
                    .hasMessageContaining("redis://:PASSWORD@host").hasMessageNotContaining("hunter2");
            assertThatThrownBy(() -> RedisTokenStore.builder(URI.create("redis://localhost")).keyPrefix("a b"))
                    .hasMessageContaining("'a b'").hasMessageContaining("printable ASCII");
            assertThatThrownBy(() -> RedisTokenStore.builder(URI.create("redis://localhost")).socketTimeout(Duration.ofMinutes(1)))
                    .hasMessageContaining("at most 10 s");
            assertThatThrownBy(() -> RedisTokenStore.builder(URI.create("redis://localhost")).verifyHostname(false).build())
                    .hasMessageContaining("rediss://");
            assertThatThrownBy(() -> RedisTokenStore.builder(URI.create("redis://localhost")).user("alice").build())
                    .hasMessageContaining("needs a password");
        }

        @Test
        @DisplayName("toString names the server, prefix and user, never the password")
        void toStringHidesPassword() {
            try (RedisTokenStore s = RedisTokenStore.create(URI.create("redis://alice:hunter2@cache.internal:6380/3"))) {
                assertThat(s.toString()).isEqualTo("RedisTokenStore[redis://cache.internal:6380/3, prefix 'tokenkit:', user alice]")
                        .doesNotContain("hunter2");
            }
            try (RedisTokenStore s = RedisTokenStore.create(URI.create("rediss://[::1]:6390"))) {
                assertThat(s.toString()).isEqualTo("RedisTokenStore[rediss://[::1]:6390/0, prefix 'tokenkit:']");
            }
        }
    }

    @Nested
    @DisplayName("failures")
    class Failures {
        @Test
        @DisplayName("a server that is not there: RedisStoreException within the timeouts, naming server and key, never the password")
        void down() {
            int port = redis.server().port() + 1; // nothing listens there (checked below)
            try (RedisTokenStore s = RedisTokenStore.create(URI.create("redis://:hunter2@127.0.0.1:" + port))) {
                TokenKey k = key(SECRET);
                long start = System.nanoTime();
                assertThatThrownBy(() -> s.read(k)).isInstanceOf(RedisStoreException.class)
                        .hasMessageContaining("redis://127.0.0.1:" + port + "/0").hasMessageContaining("cannot read")
                        .hasMessageContaining(s.tokenKeyName(k)).hasMessageNotContaining("hunter2");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                assertThatThrownBy(() -> s.tryLease(k, Duration.ofSeconds(1))).isInstanceOf(RedisStoreException.class);
                assertThatThrownBy(() -> s.publish(k, token(VALUE, Duration.ofHours(1)), null)).isInstanceOf(RedisStoreException.class)
                        .hasMessageNotContaining(VALUE);
            }
        }

        @Test
        @DisplayName("a closed store throws RedisStoreException; close is idempotent")
        void closed() {
            RedisTokenStore s = RedisTokenStore.create(redis.uri());
            s.close();
            s.close();
            assertThat(s.toString()).endsWith(", closed]");
            assertThatThrownBy(() -> s.read(key(SECRET))).isInstanceOf(RedisStoreException.class).hasMessageContaining("closed");
        }

        @Test
        @DisplayName("a token without an expiry, or outside the years 1970 to 9999, is refused before anything is sent")
        void badTokens() {
            TokenStore s = redis.store();
            assertThatThrownBy(() -> s.publish(key(SECRET), AccessToken.builder("x").build(), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiry");
            assertThatThrownBy(() -> s.publish(key(SECRET), AccessToken.builder("x").issuedAt(Instant.parse("1960-01-01T00:00:00Z"))
                    .expiresAt(Instant.now().plusSeconds(60)).build(), null)).hasMessageContaining("issue time");
            assertThatThrownBy(() -> s.tryLease(key(SECRET), Duration.ZERO)).hasMessageContaining("positive");
        }
    }
}
