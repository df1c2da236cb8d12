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
            TokenkitSources.ifSet(redis.getUser(), b::user);
            TokenkitSources.ifSet(redis.getPassword(), p -> b.password(Secret.of(p)));
            TokenkitSources.ifSet(redis.getKeyPrefix(), b::keyPrefix);
            TokenkitSources.ifSet(redis.getConnectTimeout(), b::connectTimeout);
            TokenkitSources.ifSet(redis.getSocketTimeout(), b::socketTimeout);
            TokenkitSources.ifSet(redis.getMaxConnections(), b::maxConnections);
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new TokenkitConfigurationException("tokenkit.store.redis: " + e.getMessage() + ".",
                    "Correct the properties under tokenkit.store.redis.");
        }
    }
}
