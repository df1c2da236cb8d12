/**
 * A {@link dev.tokenkit.spi.TokenStore} on Redis: {@link dev.tokenkit.store.redis.RedisTokenStore}.
 * A fleet of replicas that share one Redis shares one token per provider configuration and makes
 * one token request per token lifetime; the token is stored encrypted (AES-256-GCM) under a key
 * derived from the configuration's secrets. See {@code docs/fleet.md}.
 *
 * <p>Jedis ({@code redis.clients.jedis}) is an implementation detail: no Jedis type is part of
 * this module's API.
 */
module dev.tokenkit.store.redis {
    requires transitive dev.tokenkit;
    requires redis.clients.jedis;

    exports dev.tokenkit.store.redis;
}
