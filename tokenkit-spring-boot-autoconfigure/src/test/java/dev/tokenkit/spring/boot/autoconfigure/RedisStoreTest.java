package dev.tokenkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.TokenSource;
import dev.tokenkit.emulators.SymblEmulator;
import dev.tokenkit.store.redis.RedisTokenStore;
import dev.tokenkit.testing.RedisServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * tokenkit.store.redis.* over a real redis-server: two applications configured alike (two
 * replicas) share one token, and a source with {@code store: false} keeps its own.
 */
class RedisStoreTest {
    SymblEmulator symbl;
    RedisServer redis;

    @BeforeEach
    void start() {
        symbl = SymblEmulator.start();
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        redis.close();
        symbl.close();
    }

    ApplicationContextRunner replica() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TokenkitAutoConfiguration.class))
                .withPropertyValues("tokenkit.store.redis.uri=" + redis.uri(),
                        "tokenkit.sources.symbl.provider=symbl",
                        "tokenkit.sources.symbl.options.base-url=" + symbl.baseUri(),
                        "tokenkit.sources.symbl.options.app-id=" + SymblEmulator.DEMO_APP_ID,
                        "tokenkit.sources.symbl.options.app-secret=" + SymblEmulator.DEMO_APP_SECRET);
    }

    @Test
    void twoReplicasShareOneToken() {
        String[] tokens = new String[2];
        replica().run(a -> {
            assertThat(a).hasSingleBean(RedisTokenStore.class);
            tokens[0] = a.getBean("symblTokenSource", TokenSource.class).token().authorizationHeader();
            replica().run(b -> tokens[1] = b.getBean("symblTokenSource", TokenSource.class).token().authorizationHeader());
        });
        assertThat(symbl.server().requestCount()).as("one token request for both replicas").isEqualTo(1);
        assertThat(tokens[1]).isEqualTo(tokens[0]);
    }

    @Test
    void aSourceWithStoreOffKeepsItsOwnToken() {
        replica().run(a -> {
            a.getBean("symblTokenSource", TokenSource.class).token();
            replica().withPropertyValues("tokenkit.sources.symbl.store=false")
                    .run(b -> b.getBean("symblTokenSource", TokenSource.class).token());
        });
        assertThat(symbl.server().requestCount()).as("a token request each").isEqualTo(2);
    }

    @Test
    void noUriNoStore() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TokenkitAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(RedisTokenStore.class));
    }
}
