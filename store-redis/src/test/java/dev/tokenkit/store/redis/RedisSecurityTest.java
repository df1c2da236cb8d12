package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.testing.RedisServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** AUTH with a password, an ACL user with only the rights the store needs, and TLS, on real servers. */
class RedisSecurityTest {
    private static final String PASSWORD = "hunter2-redis-password";

    private static TokenKey key() {
        return TokenKey.of("fleet", UUID.randomUUID().toString().replace("-", ""), Secret.of("app-secret=s\n"));
    }

    private static AccessToken token() {
        Instant now = Instant.now();
        return AccessToken.builder("secured-value").issuedAt(now).expiresAt(now.plusSeconds(3600)).build();
    }

    /** Publish, read, invalidate, lease and release: every command the store sends. */
    private static void roundTrip(RedisTokenStore store) {
        TokenKey k = key();
        store.publish(k, token(), null);
        assertThat(store.read(k).orElseThrow().value()).isEqualTo("secured-value");
        store.tryLease(k, Duration.ofSeconds(5)).orElseThrow().release();
        assertThat(store.invalidate(k, token())).isTrue();
    }

    @Nested
    @DisplayName("AUTH with requirepass")
    class Password {
        @RegisterExtension
        final RedisServerExtension redis = RedisServerExtension.perTest(List.of("--requirepass", PASSWORD));

        @Test
        @DisplayName("the password from the URI or from the builder works; a wrong one fails with WRONGPASS, never quoted")
        void auth() {
            int port = redis.server().port();
            roundTrip(redis.track(RedisTokenStore.create(URI.create("redis://:" + PASSWORD + "@127.0.0.1:" + port))));
            roundTrip(redis.track(RedisTokenStore.builder(redis.uri()).password(Secret.of(PASSWORD)).build()));
            RedisTokenStore wrong = redis.track(RedisTokenStore.builder(redis.uri()).password(Secret.of("not-it")).build());
            assertThatThrownBy(() -> wrong.read(key())).isInstanceOf(RedisStoreException.class)
                    .hasMessageContaining("WRONGPASS").hasMessageNotContaining("not-it");
            RedisTokenStore none = redis.store();
            assertThatThrownBy(() -> none.read(key())).isInstanceOf(RedisStoreException.class).hasMessageContaining("NOAUTH");
        }

        @Test
        @DisplayName("a replica with a wrong password serves tokens on its own and reports the failure")
        void wrongPasswordFleet() {
            Vendor vendor = new Vendor(Duration.ofHours(1));
            try (Fleet fleet = new Fleet(vendor, 2, i -> redis.track(RedisTokenStore.builder(redis.uri())
                    .password(Secret.of("not-it")).build()), b -> b)) {
                fleet.sources.forEach(s -> s.token());
                assertThat(vendor.requests()).isEqualTo(2);
                assertThat(fleet.storeFailures.get()).isGreaterThan(0);
            }
        }
    }

    @Nested
    @DisplayName("an ACL user")
    class Acl {
        @RegisterExtension
        final RedisServerExtension redis = RedisServerExtension.perTest(List.of(
                "--user", "default", "off",
                // the rights docs/fleet.md lists: its keys, the commands its scripts and calls use
                "--user", "tokenkit", "on", ">" + PASSWORD, "~tokenkit:*", "resetchannels", "-@all",
                "+evalsha", "+eval", "+type", "+hlen", "+hstrlen", "+hmget", "+hset", "+del", "+pexpireat", "+set", "+get",
                "+pttl", "+strlen"));

        @Test
        @DisplayName("with only the documented rights, every operation works; keys outside its pattern are refused")
        void leastPrivilege() {
            roundTrip(redis.track(RedisTokenStore.create(URI.create("redis://tokenkit:" + PASSWORD + "@" + redis.uri().getAuthority()))));
            RedisTokenStore outside = redis.track(RedisTokenStore.builder(redis.uri()).user("tokenkit")
                    .password(Secret.of(PASSWORD)).keyPrefix("other:").build());
            assertThatThrownBy(() -> outside.read(key())).isInstanceOf(RedisStoreException.class).hasMessageContaining("NOPERM");
        }

        @Test
        @DisplayName("a fleet sharing a token through the ACL user: one request")
        void fleet() {
            Vendor vendor = new Vendor(Duration.ofHours(1));
            try (Fleet fleet = new Fleet(vendor, 3, i -> redis.track(RedisTokenStore.builder(redis.uri()).user("tokenkit")
                    .password(Secret.of(PASSWORD)).build()), b -> b)) {
                fleet.sources.forEach(s -> s.token());
                assertThat(vendor.requests()).isEqualTo(1);
                assertThat(fleet.storeFailures.get()).isZero();
            }
        }
    }

    @Nested
    @DisplayName("TLS (rediss://)")
    class Tls {
        @TempDir
        Path dir;

        @Test
        @DisplayName("with the server's certificate in the trust store: works, host name checked; without it: refused")
        void tls() throws Exception {
            Path p12 = dir.resolve("server.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "redis", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as("keytool: " + out).isTrue();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(p12)) {
                ks.load(in, "changeit".toCharArray());
            }
            Certificate cert = ks.getCertificate("redis");
            Path certPem = dir.resolve("server.crt");
            Path keyPem = dir.resolve("server.key");
            Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", ks.getKey("redis", "changeit".toCharArray()).getEncoded()));
            Path trust = dir.resolve("trust.p12");
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("redis", cert);
            try (OutputStream o = Files.newOutputStream(trust)) {
                ts.store(o, "trustpass".toCharArray());
            }

            RedisServer server;
            try {
                server = RedisServer.startTls(certPem, keyPem, List.of());
            } catch (RuntimeException e) {
                assumeTrue(false, "this redis-server cannot serve TLS (" + RedisServer.chosenBinary() + "): " + e.getMessage());
                return;
            }
            try (server;
                 // a call's deadline includes opening its connection: a cold JVM's first TLS set-up needs more than 500 ms
                 RedisTokenStore trusted = RedisTokenStore.builder(server.uri()).trustStore(trust, Secret.of("trustpass"))
                         .connectTimeout(Duration.ofSeconds(5)).build();
                 RedisTokenStore untrusted = RedisTokenStore.create(server.uri());
                 RedisTokenStore plain = RedisTokenStore.create(URI.create("redis://" + server.uri().getAuthority()))) {
                assertThat(server.uri().getScheme()).isEqualTo("rediss");
                roundTrip(trusted);
                assertThatThrownBy(() -> untrusted.read(key())).as("the JVM's trust store does not know it")
                        .isInstanceOf(RedisStoreException.class);
                assertThatThrownBy(() -> plain.read(key())).as("plain text to a TLS port")
                        .isInstanceOf(RedisStoreException.class);
            }
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END " + type + "-----\n";
        }
    }
}
