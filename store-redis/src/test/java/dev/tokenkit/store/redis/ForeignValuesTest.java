package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenException;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.emulators.SymblEmulator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Whatever else is found at the store's keys (another type, other fields, wrong sizes, numbers
 * that are not numbers, a lease without a time-to-live) reads as absent and is replaced by the
 * next write, atomically on the server; it never makes a call fail.
 */
class ForeignValuesTest {
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.perClass();

    private static TokenKey key() {
        return TokenKey.of("fleet", UUID.randomUUID().toString().replace("-", ""), Secret.of("app-secret=s\n"));
    }

    private static AccessToken token(String value, Duration lifetime) {
        Instant now = Instant.now();
        return AccessToken.builder(value).issuedAt(now).expiresAt(now.plus(lifetime)).build();
    }

    /** What a foreign writer leaves at a token key that held a genuine token expiring in 10 h. */
    static Stream<Arguments> foreignTokens() {
        List<Arguments> rows = new ArrayList<>(List.of(
                row("a string", (c, k) -> {
                    c.del(k);
                    c.set(k, "garbage");
                }),
                row("a list", (c, k) -> {
                    c.del(k);
                    c.rpush(k, "a", "b");
                }),
                row("a set", (c, k) -> {
                    c.del(k);
                    c.sadd(k, "a");
                }),
                row("a sorted set", (c, k) -> {
                    c.del(k);
                    c.zadd(k, 1, "a");
                }),
                row("a hash with an extra field", (c, k) -> c.hset(k, "extra", "1")),
                row("a hash without 'iatn'", (c, k) -> c.hdel(k, "iatn")),
                row("a hash of one foreign field", (c, k) -> {
                    c.del(k);
                    c.hset(k, "x", "y");
                }),
                row("an empty value hash", (c, k) -> c.hset(k, "vh", "")),
                row("a value hash of 2 digits", (c, k) -> c.hset(k, "vh", "ab")),
                row("a non-numeric expiry", (c, k) -> c.hset(k, "exp", "12a")),
                row("a negative expiry", (c, k) -> c.hset(k, "exp", "-5")),
                row("an expiry of 40 digits", (c, k) -> c.hset(k, "exp", "9".repeat(40))),
                row("nanoseconds of 7 digits", (c, k) -> c.hset(k, "expn", "1234567")),
                row("a ciphertext that is not base64", (c, k) -> c.hset(k, "ct", "not base64!")),
                row("a ciphertext of 1 MB", (c, k) -> c.hset(k, "ct", "A".repeat(1 << 20)))));
        return rows.stream();
    }

    private static Arguments row(String name, BiConsumer<RedisClient, String> spoil) {
        return arguments(name, spoil);
    }

    @ParameterizedTest(name = "{0}: reads as absent, the next publish replaces it")
    @MethodSource("foreignTokens")
    void foreignToken(String name, BiConsumer<RedisClient, String> spoil) {
        RedisTokenStore store = redis.store();
        RedisClient client = redis.client();
        TokenKey k = key();
        String keyName = store.tokenKeyName(k);
        store.publish(k, token("genuine", Duration.ofHours(10)), null);
        spoil.accept(client, keyName);
        try (LogCapture log = LogCapture.of(RedisTokenStore.class)) {
            assertThat(store.read(k)).isEmpty();
            assertThat(store.read(k)).isEmpty();
            assertThat(store.invalidate(k, token("genuine", Duration.ofHours(10)))).isFalse();
            assertThat(log.lines(Level.WARNING)).singleElement().satisfies(line -> assertThat(line)
                    .contains(keyName).contains("reads as absent").doesNotContain("garbage"));
        }
        // a token that expires long before what the foreign value claims still replaces it
        AccessToken mine = token("mine", Duration.ofMinutes(5));
        assertThat(store.publish(k, mine, null).value()).isEqualTo("mine");
        assertThat(client.type(keyName)).isEqualTo("hash");
        assertThat(client.hgetAll(keyName)).containsOnlyKeys("v", "exp", "expn", "iat", "iatn", "vh", "ct");
        assertThat(store.read(k).orElseThrow().value()).isEqualTo("mine");
    }

    /** What a foreign writer leaves at a lease key. */
    static Stream<Arguments> foreignLeases() {
        return Stream.of(
                row("a hash", (c, k) -> c.hset(k, "owner", "x")),
                row("a list", (c, k) -> c.rpush(k, "x")),
                row("a string that is no owner id", (c, k) -> c.set(k, "garbage")),
                row("an owner id without a time-to-live", (c, k) -> c.set(k, "0123456789abcdef0123456789abcdef")));
    }

    @ParameterizedTest(name = "a lease key holding {0}: the next tryLease replaces it")
    @MethodSource("foreignLeases")
    void foreignLease(String name, BiConsumer<RedisClient, String> spoil) {
        RedisTokenStore store = redis.store();
        TokenKey k = key();
        String leaseName = store.leaseKeyName(k);
        RedisClient client = redis.client();
        spoil.accept(client, leaseName);
        try (LogCapture log = LogCapture.of(RedisTokenStore.class)) {
            var lease = store.tryLease(k, Duration.ofSeconds(30));
            assertThat(lease).isPresent();
            assertThat(client.type(leaseName)).isEqualTo("string");
            assertThat(client.get(leaseName)).matches("[0-9a-f]{32}");
            assertThat(client.pttl(leaseName)).isBetween(1L, 30_000L);
            assertThat(store.tryLease(k, Duration.ofSeconds(30))).as("now held").isEmpty();
            assertThat(log.lines(Level.WARNING)).singleElement().satisfies(line -> assertThat(line)
                    .contains(leaseName).contains("replaced").doesNotContain("garbage"));
            lease.orElseThrow().release();
        }
        assertThat(client.exists(leaseName)).isFalse();
    }

    @Test
    @DisplayName("a lease another replica holds is not taken; a lease key turned into a hash while held is left alone on release")
    void genuineLeases() {
        RedisTokenStore a = redis.store();
        RedisTokenStore b = redis.store();
        RedisClient client = redis.client();
        TokenKey k = key();
        var held = a.tryLease(k, Duration.ofSeconds(30)).orElseThrow();
        assertThat(b.tryLease(k, Duration.ofSeconds(30))).isEmpty();
        client.del(a.leaseKeyName(k));
        client.hset(a.leaseKeyName(k), "x", "y");
        held.release();
        assertThat(client.type(a.leaseKeyName(k))).isEqualTo("hash");
    }

    @Test
    @DisplayName("SET garbage at the token key, then three cold replicas (Symbl emulator): one request, one warning, no store"
            + " failure, and the key holds their token")
    void fleetReplacesAString() {
        try (SymblEmulator symbl = SymblEmulator.start()) {
            ProviderConfig config = ProviderConfig.builder().put("app-id", SymblEmulator.DEMO_APP_ID)
                    .putSecret("app-secret", SymblEmulator.DEMO_APP_SECRET).put("base-url", symbl.baseUri().toString())
                    .build();
            RedisClient client = redis.client();
            // the key sourceBuilder gives the replicas: that of the configuration with its defaults
            TokenKey key = TokenKey.of("symbl", config.validate(TokenProviders.load().describe("symbl")));
            String keyName = redis.store().tokenKeyName(key);
            client.set(keyName, "garbage");
            ConcurrentLinkedQueue<Throwable> storeFailures = new ConcurrentLinkedQueue<>();
            TokenSourceListener listener = new TokenSourceListener() {
                @Override
                public void storeFailed(String providerId, Throwable error) {
                    storeFailures.add(error);
                }

                @Override
                public void refreshFailed(Fetch fetch, TokenException error, boolean servingStale, Duration nextAttemptIn) {
                    storeFailures.add(error);
                }
            };
            List<TokenSource> fleet = new ArrayList<>();
            try (LogCapture log = LogCapture.of(RedisTokenStore.class)) {
                for (int i = 0; i < 3; i++) {
                    fleet.add(TokenProviders.load().sourceBuilder("symbl", config).store(redis.store())
                            .listener(listener).build());
                }
                List<String> values = fleet.stream().map(s -> s.token().value()).toList();
                assertThat(values).containsOnly(values.get(0));
                assertThat(symbl.server().requestCount()).as("requests to Symbl").isEqualTo(1);
                assertThat(storeFailures).as("store failures").isEmpty();
                assertThat(log.lines(Level.WARNING)).as("warnings").hasSize(1);
                assertThat(client.type(keyName)).isEqualTo("hash");
                Map<String, String> stored = client.hgetAll(keyName);
                assertThat(stored).containsOnlyKeys("v", "exp", "expn", "iat", "iatn", "vh", "ct");
            } finally {
                fleet.forEach(TokenSource::close);
            }
        }
    }
}
