package dev.tokenkit.store.redis;

import dev.tokenkit.spi.TokenStore;
import dev.tokenkit.testkit.TokenStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.UUID;

/** {@link RedisTokenStore} passes the store contract against a real redis-server. */
class RedisTokenStoreContractTest extends TokenStoreContract {
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.perClass();

    @Override
    protected TokenStore store() {
        // a prefix per check, so that letLeasesExpire waits for this check's leases only
        return redis.track(RedisTokenStore.builder(redis.uri())
                .keyPrefix("contract-" + UUID.randomUUID().toString().substring(0, 8) + ":").build());
    }

    @Override
    protected void letLeasesExpire(TokenStore store, Duration ttl) throws Exception {
        String prefix = ((RedisTokenStore) store).keyPrefix() + "lease:";
        RedisClient client = redis.client();
        long deadline = System.nanoTime() + ttl.toNanos() + Duration.ofSeconds(10).toNanos();
        // Redis expires keys on its own clock: wait, with a deadline, until it has
        while (!client.keys(prefix + "*").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("leases under " + prefix + " did not expire within " + ttl.plusSeconds(10));
            }
            Thread.sleep(20);
        }
    }
}
