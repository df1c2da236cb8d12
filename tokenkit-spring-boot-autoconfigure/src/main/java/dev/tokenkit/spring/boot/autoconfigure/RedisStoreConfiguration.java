package dev.tokenkit.spring.boot.autoconfigure;

import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenStore;
import dev.tokenkit.store.redis.RedisTokenStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The fleet's Redis token store, when store-redis is present and {@code tokenkit.store.redis.uri} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisTokenStore.class)
@ConditionalOnProperty(prefix = TokenkitProperties.PREFIX + ".store.redis", name = "uri")
class RedisStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    RedisTokenStore tokenkitRedisTokenStore(TokenkitProperties properties) {
        TokenkitProperties.Redis redis = properties.getStore().getRedis();
        RedisTokenStore.Builder b = RedisTokenStore.builder(redis.getUri());
        try {
            if (redis.getUser() != null) {
                b.user(redis.getUser());
            }
            if (redis.getPassword() != null) {
                b.password(Secret.of(redis.getPassword()));
            }
            if (redis.getKeyPrefix() != null) {
                b.keyPrefix(redis.getKeyPrefix());
            }
            if (redis.getConnectTimeout() != null) {
                b.connectTimeout(redis.getConnectTimeout());
            }
            if (redis.getSocketTimeout() != null) {
                b.socketTimeout(redis.getSocketTimeout());
            }
            if (redis.getMaxConnections() != null) {
                b.maxConnections(redis.getMaxConnections());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new TokenkitConfigurationException("tokenkit.store.redis: " + e.getMessage() + ".",
                    "Correct the properties under tokenkit.store.redis.");
        }
    }
}
