/**
 * The Redis token store: {@link dev.tokenkit.store.redis.RedisTokenStore}, built with
 * {@link dev.tokenkit.store.redis.RedisTokenStore#builder(java.net.URI)}, and the exception its
 * operations throw when Redis fails, {@link dev.tokenkit.store.redis.RedisStoreException}.
 */
package dev.tokenkit.store.redis;
