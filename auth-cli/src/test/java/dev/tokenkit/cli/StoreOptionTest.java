package dev.tokenkit.cli;

import dev.tokenkit.testing.RedisServer;
import dev.tokenkit.emulators.SymblEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --store} and {@code TOKENKIT_STORE}: invocations share one token through a real redis-server. */
class StoreOptionTest {
    private static RedisServer redis;
    private static SymblEmulator symbl;

    @BeforeAll
    static void start() {
        redis = RedisServer.start(List.of("--requirepass", "store-pw"));
        symbl = SymblEmulator.start();
    }

    @AfterAll
    static void stop() {
        symbl.close();
        redis.close();
    }

    @BeforeEach
    void reset() {
        symbl.reset();
        try (RedisClient client = RedisClient.create(URI.create(uriWithPassword()))) {
            client.flushAll(); // each test starts with no stored token
        }
    }

    /** The demo secret in a file, as the CLI asks secrets to be given (no warning on stderr). */
    private static final java.nio.file.Path DEMO_SECRET = demoSecretFile();

    private static java.nio.file.Path demoSecretFile() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("tokenkit-demo-secret", ".txt");
            file.toFile().deleteOnExit();
            return java.nio.file.Files.writeString(file, SymblEmulator.DEMO_APP_SECRET);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String[] token(String... extra) {
        List<String> args = new ArrayList<>(List.of("token", "symbl", "-c", "app-id=" + SymblEmulator.DEMO_APP_ID,
                "-c", "app-secret=@" + DEMO_SECRET, "-c", "base-url=" + symbl.baseUri()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static final String PASSWORD_WARNING = "tokenkit: warning: --store with a password in its URI puts the"
            + " password in the process list (ps); use " + StoreOption.PASSWORD_ENV + " (or " + StoreOption.ENV + ") instead";

    private static String uriWithPassword() {
        return "redis://:store-pw@127.0.0.1:" + redis.port();
    }

    @Test
    @DisplayName("two invocations with --store: the second prints the stored token without a request")
    void secondInvocationAdopts() {
        Cli.Result first = Cli.run(token("--store", uriWithPassword()));
        Cli.Result second = Cli.run(token("--store", uriWithPassword()));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(symbl.server().requestCount()).isEqualTo(1);
        assertThat(first.err() + second.err()).as("one warning per run about the password in the process list")
                .isEqualTo((PASSWORD_WARNING + "\n").repeat(2));
    }

    @Test
    @DisplayName("TOKENKIT_STORE and TOKENKIT_STORE_PASSWORD do the same, with the password out of the process list")
    void fromEnvironment() {
        Map<String, String> env = Map.of(StoreOption.ENV, "redis://127.0.0.1:" + redis.port(),
                StoreOption.PASSWORD_ENV, "store-pw");
        Cli.Result first = Cli.run(env, token());
        Cli.Result second = Cli.run(env, token());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(symbl.server().requestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a store that fails (wrong password): the token is printed all the same, with one warning line")
    void storeFails() {
        Cli.Result r = Cli.run(token("--store", "redis://:wrong-pw@127.0.0.1:" + redis.port()));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isNotBlank();
        assertThat(r.err().lines()).first().isEqualTo(PASSWORD_WARNING);
        assertThat(r.err().lines().skip(1)).singleElement().satisfies(line -> assertThat(line)
                .startsWith("tokenkit: warning: ").contains("WRONGPASS").contains("fetched without the store")
                .doesNotContain("wrong-pw"));
    }

    @Test
    @DisplayName("a --store that is not a Redis URI is a usage error naming the fix, exit 2, never quoting a password")
    void badUri() {
        Cli.Result r = Cli.run(token("--store", "http://user:pw-in-uri@localhost"));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--store").contains("redis:// or rediss://").doesNotContain("pw-in-uri");
        Cli.Result env = Cli.run(Map.of(StoreOption.ENV, "redis://:x@host/notadb"), token());
        assertThat(env.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(env.err()).contains(StoreOption.ENV).contains("database number");
    }

    @Test
    @DisplayName("demo --store shows two replicas sharing one token, and removes it afterwards")
    void demo() {
        Cli.Result r = Cli.run(Map.of(StoreOption.PASSWORD_ENV, "store-pw"), "demo", "symbl", "--store",
                "redis://127.0.0.1:" + redis.port());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Two replicas sharing the token through RedisTokenStore[redis://127.0.0.1:"
                + redis.port()).contains("replica 2").contains("0 request(s): it adopted the token from Redis")
                .contains("the demo token was removed from Redis").doesNotContain("store-pw");
    }
}
