package dev.tokenkit.store.redis;

import dev.tokenkit.testing.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Starts a real {@code redis-server} ({@link RedisServer}: the embedded-redis binary, or the one
 * {@code -Dtokenkit.redis.server} names) on a free loopback port and stops it afterwards; closes
 * every store and client the test opened through it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension redis = RedisServerExtension.perClass();   // one server per class
 * @RegisterExtension
 * final RedisServerExtension redis = RedisServerExtension.perTest();           // a fresh one per test, for faults
 * }</pre>
 */
final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final boolean perTest;
    private final Supplier<RedisServer> starter;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private RedisServer server;

    private RedisServerExtension(boolean perTest, Supplier<RedisServer> starter) {
        this.perTest = perTest;
        this.starter = starter;
    }

    static RedisServerExtension perClass() {
        return new RedisServerExtension(false, RedisServer::start);
    }

    static RedisServerExtension perTest() {
        return new RedisServerExtension(true, RedisServer::start);
    }

    static RedisServerExtension perTest(List<String> args) {
        return new RedisServerExtension(true, () -> RedisServer.start(args));
    }

    static RedisServerExtension perClass(Supplier<RedisServer> starter) {
        return new RedisServerExtension(false, starter);
    }

    RedisServer server() {
        if (server == null) {
            throw new IllegalStateException("no redis-server yet: register the extension with @RegisterExtension");
        }
        return server;
    }

    URI uri() {
        return server().uri();
    }

    /** A store on the server, with short timeouts, closed after the test. */
    RedisTokenStore store() {
        return track(RedisTokenStore.create(uri()));
    }

    /** A store from a builder of the caller's, closed after the test. */
    RedisTokenStore track(RedisTokenStore store) {
        synchronized (opened) {
            opened.add(store);
        }
        return store;
    }

    /** A plain client to inspect or alter what the store wrote, closed after the test. */
    RedisClient client() {
        return client(Duration.ofSeconds(2));
    }

    /** A plain client with this socket timeout, closed after the test. */
    RedisClient client(Duration socketTimeout) {
        RedisClient c = RedisClient.builder().hostAndPort(new HostAndPort(uri().getHost(), uri().getPort()))
                .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis((int) socketTimeout.toMillis()).build())
                .build();
        synchronized (opened) {
            opened.add(c);
        }
        return c;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            server = starter.get();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            server = starter.get();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        closeOpened();
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) {
            stop();
        }
    }

    private void closeOpened() throws Exception {
        List<AutoCloseable> all;
        synchronized (opened) {
            all = new ArrayList<>(opened);
            opened.clear();
        }
        for (AutoCloseable c : all) {
            c.close();
        }
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
