package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenKey;
import dev.tokenkit.spi.TokenStore;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A {@link TokenStore} on Redis, for a fleet of replicas that should share one token per
 * provider configuration and make one token request per token lifetime.
 *
 * <pre>{@code
 * RedisTokenStore redis = RedisTokenStore.create(URI.create("redis://redis.internal:6379"));
 * TokenSource symbl = TokenProviders.load().sourceBuilder("symbl", config).store(redis).build();
 * }</pre>
 *
 * <p><b>What is stored.</b> Per {@link TokenKey}, a hash {@code {prefix}token:{providerId}:{identity}}
 * with the token's expiry and issue time (epoch milliseconds, and the nanoseconds within the
 * millisecond), a keyed hash of its value, and the token itself encrypted with AES-256-GCM under
 * a key derived (HKDF-SHA256) from the configuration's secret values, bound to the key name. It
 * expires in Redis when the token does ({@code PEXPIREAT}). Publishing (publish if newer) and
 * invalidating (compare and delete by value) are Lua scripts, atomic on the server. The lease is
 * {@code {prefix}lease:{providerId}:{identity}}, set with {@code SET NX PX} to a random owner
 * and released by a compare-and-delete script. No key name or value holds a secret in clear.
 *
 * <p><b>Faults.</b> Every call is bounded by the connect and socket timeouts (500 ms each by
 * default). Any failure of Redis is thrown as a {@link RedisStoreException}, which makes a
 * {@link dev.tokenkit.TokenSource} carry on with its own single flight; a stored value that
 * cannot be decrypted with this configuration's credentials, or was altered, reads as absent
 * (logged once per key at {@code WARNING}, never with its content) and is replaced by the next
 * publish.
 *
 * <p>Thread-safe; share one instance among all sources of a process and {@link #close()} it
 * when they are closed. Standalone Redis only (no Cluster or Sentinel discovery). See
 * {@code docs/fleet.md}.
 */
public final class RedisTokenStore implements TokenStore, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisTokenStore.class.getName());
    private static final String[] FIELDS = {"v", "exp", "expn", "iat", "iatn", "vh", "ct"};
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String address;
    private final String user;
    private final Keys keys;
    private final RedisClient redis;
    /** Keys whose stored value could not be read, logged once until a read succeeds again. */
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    /** Leases taken and not yet released: {@link #close()} releases them. */
    private final Set<RedisLease> held = ConcurrentHashMap.newKeySet();
    /** Keys without secret material, logged once. */
    private final Set<String> keyless = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisTokenStore(Builder b) {
        this.address = b.address;
        this.user = b.user;
        this.keys = new Keys(b.prefix);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(b.connectTimeout))
                .socketTimeoutMillis(millis(b.socketTimeout))
                .database(b.database)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (b.password != null) {
            Secret password = b.password;
            String name = b.user;
            // asked on each new connection: the password is held as a Secret, not in the client's config
            config.credentialsProvider(() -> new DefaultRedisCredentials(name, password.reveal()));
        } else if (b.user != null) {
            throw new IllegalArgumentException("an ACL user needs a password: set password(Secret) or write the URI"
                    + " as rediss://USER:PASSWORD@host");
        }
        if (b.tls) {
            SslOptions.Builder ssl = SslOptions.builder()
                    .sslVerifyMode(b.verifyHostname ? SslVerifyMode.FULL : SslVerifyMode.CA);
            if (b.trustStore != null) {
                ssl.truststore(b.trustStore.toFile(), b.trustStorePassword.reveal().toCharArray());
            }
            config.sslOptions(ssl.build());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(b.maxConnections);
        pool.setMaxIdle(b.maxConnections);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        // a borrower waits at most as long as one call may take
        pool.setMaxWait(b.connectTimeout.plus(b.socketTimeout));
        this.redis = RedisClient.builder().hostAndPort(new HostAndPort(b.host, b.port)).clientConfig(config.build())
                .poolConfig(pool).build();
    }

    /**
     * Starts a store on the Redis at {@code uri}: {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]},
     * or {@code rediss://…} for TLS. The port defaults to 6379 and the database to 0; a user and
     * password in the URI are used for {@code AUTH} (an ACL user, or the default user with
     * {@code :PASSWORD@}), and may be replaced by {@link Builder#user} and {@link Builder#password}.
     *
     * @param uri the server
     * @return a builder
     * @throws IllegalArgumentException when the URI is not a Redis URI, naming what is wrong
     */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /**
     * A store on the Redis at {@code uri} with the default settings ({@link #builder(URI)}).
     *
     * @param uri the server
     * @return the store
     */
    public static RedisTokenStore create(URI uri) {
        return builder(uri).build();
    }

    @Override
    public Optional<AccessToken> read(TokenKey key) {
        String name = keys.token(Objects.requireNonNull(key, "key"));
        List<String> fields = call("read", name, r -> r.hmget(name, FIELDS));
        if (fields.stream().allMatch(Objects::isNull)) {
            unreadable.remove(name);
            return Optional.empty();
        }
        return open(key, name, fields, true);
    }

    @Override
    public AccessToken publish(TokenKey key, AccessToken token) {
        Objects.requireNonNull(key, "key");
        Instant expiresAt = token.expiresAt().orElseThrow(() ->
                new IllegalArgumentException("a published token must carry its expiry"));
        within(expiresAt, "expiry");
        within(token.issuedAt(), "issue time");
        String name = keys.token(key);
        TokenCipher cipher = cipher(key);
        List<String> args = new ArrayList<>(List.of(Integer.toString(TokenCipher.FORMAT),
                Long.toString(millisOf(expiresAt)), Integer.toString(nanosOfMilli(expiresAt)),
                Long.toString(millisOf(token.issuedAt())), Integer.toString(nanosOfMilli(token.issuedAt())),
                cipher.valueHash(token.value()),
                Base64.getEncoder().encodeToString(cipher.seal(token, name.getBytes(StandardCharsets.UTF_8))),
                "",
                // Redis drops the hash once the token has expired (rounded up to the millisecond)
                Long.toString(millisOf(expiresAt) + (nanosOfMilli(expiresAt) > 0 ? 1 : 0))));
        // round 2 (and 3, if another replica raced in): replace a stored value this key cannot open
        for (int round = 0; round < 3; round++) {
            Object reply = call("publish", name, r -> Scripts.PUBLISH.run(r, List.of(name), args));
            if (reply == null) {
                return token;
            }
            List<String> stored = strings(reply);
            Optional<AccessToken> winner = open(key, name, stored, false);
            if (winner.isPresent()) {
                return winner.get();
            }
            args.set(7, Objects.requireNonNullElse(stored.get(6), ""));
        }
        return token;
    }

    @Override
    public boolean invalidate(TokenKey key, AccessToken token) {
        String name = keys.token(Objects.requireNonNull(key, "key"));
        String hash = cipher(key).valueHash(token.value());
        Object reply = call("invalidate", name, r -> Scripts.INVALIDATE.run(r, List.of(name), List.of(hash)));
        return Long.valueOf(1).equals(reply);
    }

    @Override
    public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
        String name = keys.lease(Objects.requireNonNull(key, "key"));
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease's time-to-live must be positive (was " + ttl + ")");
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String owner = HexFormat.of().formatHex(random);
        long px = Math.max(1, ttl.toMillis());
        String reply = call("take the lease", name, r -> r.set(name, owner, SetParams.setParams().nx().px(px)));
        if (!"OK".equals(reply)) {
            return Optional.empty();
        }
        RedisLease lease = new RedisLease(name, owner);
        held.add(lease);
        return Optional.of(lease);
    }

    /**
     * Releases the leases this store still holds (a replica that shuts down mid-fetch hands the
     * fetch to another at once, instead of after the lease's time-to-live), then closes the
     * connections. Later calls throw {@link RedisStoreException}; a lease's later
     * {@code release()} does nothing. Idempotent; bounded by the timeouts, and gives up releasing
     * at the first failure (Redis down: the leases expire on their own).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            for (RedisLease lease : List.copyOf(held)) {
                lease.releaseOnClose();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: leases not released on close ({1}); they expire on their own",
                    address, e.getClass().getSimpleName());
        } finally {
            held.clear();
            redis.close();
        }
    }

    /** The server, prefix and user; never a password. */
    @Override
    public String toString() {
        return "RedisTokenStore[" + address + ", prefix '" + keys.prefix() + "'" + (user != null ? ", user " + user : "")
                + (closed.get() ? ", closed" : "") + "]";
    }

    /** The prefix of every key (package-private: for tests). */
    String keyPrefix() {
        return keys.prefix();
    }

    /** The name of the hash that holds a key's token (package-private: for tests). */
    String tokenKeyName(TokenKey key) {
        return keys.token(key);
    }

    /** The name of a key's lease (package-private: for tests). */
    String leaseKeyName(TokenKey key) {
        return keys.lease(key);
    }

    // --- plumbing ---

    private <T> T call(String operation, String keyName, Function<UnifiedJedis, T> command) {
        if (closed.get()) {
            throw new RedisStoreException(this + ": cannot " + operation + " " + keyName + ": the store is closed", null);
        }
        return send(operation, keyName, command);
    }

    private <T> T send(String operation, String keyName, Function<UnifiedJedis, T> command) {
        try {
            return command.apply(redis);
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? "" : ": " + clip(e.getMessage());
            throw new RedisStoreException(address + ": cannot " + operation + " " + keyName + " ("
                    + e.getClass().getSimpleName() + detail + ")", e);
        }
    }

    /**
     * Opens stored fields; empty (and logged once per key) when they are not a token this key can
     * open. {@code fromRead}: a successful read clears the key's logged state.
     */
    private Optional<AccessToken> open(TokenKey key, String name, List<String> f, boolean fromRead) {
        String problem;
        try {
            if (f.size() != FIELDS.length || f.stream().anyMatch(Objects::isNull)) {
                problem = "it is incomplete (fields missing)";
            } else if (!Integer.toString(TokenCipher.FORMAT).equals(f.get(0))) {
                problem = "it is in format " + clip(f.get(0)) + ", which this version does not read (written by a"
                        + " newer tokenkit?)";
            } else {
                TokenCipher cipher = cipher(key);
                AccessToken token = cipher.open(Base64.getDecoder().decode(f.get(6)), name.getBytes(StandardCharsets.UTF_8));
                Instant exp = token.expiresAt().orElse(null);
                if (exp == null || millisOf(exp) != Long.parseLong(f.get(1)) || nanosOfMilli(exp) != Integer.parseInt(f.get(2))
                        || millisOf(token.issuedAt()) != Long.parseLong(f.get(3))
                        || nanosOfMilli(token.issuedAt()) != Integer.parseInt(f.get(4))
                        || !cipher.valueHash(token.value()).equals(f.get(5))) {
                    problem = "its clear fields do not match its encrypted token (altered)";
                } else {
                    if (fromRead) {
                        unreadable.remove(name);
                    }
                    return Optional.of(token);
                }
            }
        } catch (GeneralSecurityException e) {
            problem = "it cannot be decrypted with this configuration's credentials (stored under other credentials,"
                    + " or altered)";
        } catch (IllegalArgumentException | ArithmeticException e) {
            problem = "it is malformed (" + e.getClass().getSimpleName() + ")";
        }
        if (unreadable.add(name)) {
            LOG.log(System.Logger.Level.WARNING, "{0}: the token stored under {1} reads as absent: {2}; the next token"
                    + " published replaces it", address, name, problem);
        }
        return Optional.empty();
    }

    private TokenCipher cipher(TokenKey key) {
        if (key.secretMaterial().isEmpty() && keyless.add(keys.token(key))) {
            LOG.log(System.Logger.Level.WARNING, "{0}: the configuration of {1} has no secret option, so the token"
                    + " stored under {2} is encrypted with a key derived from no secret: whoever can read Redis can"
                    + " decrypt it (see docs/fleet.md, threat model)", address, key, keys.token(key));
        }
        return TokenCipher.of(key);
    }

    private static List<String> strings(Object reply) {
        if (!(reply instanceof List<?> list)) {
            throw new RedisStoreException("unexpected reply to the publish script: "
                    + (reply == null ? "nil" : reply.getClass().getSimpleName()), null);
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(o == null ? null : o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o.toString());
        }
        return out;
    }

    private static void within(Instant t, String what) {
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new IllegalArgumentException("a token's " + what + " must be between " + EARLIEST + " and " + LATEST
                    + " to be stored in Redis (was " + t + ")");
        }
    }

    private static long millisOf(Instant t) {
        return t.toEpochMilli();
    }

    private static int nanosOfMilli(Instant t) {
        return t.getNano() % 1_000_000;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\p{Cntrl}", " ");
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }

    /** A lease held through {@code SET NX PX}; released by compare-and-delete. */
    private final class RedisLease implements Lease {
        private final String name;
        private final String owner;
        private final AtomicBoolean released = new AtomicBoolean();

        RedisLease(String name, String owner) {
            this.name = name;
            this.owner = owner;
        }

        @Override
        public void release() {
            if (released.get()) {
                return;
            }
            call("release the lease", name, r -> Scripts.RELEASE.run(r, List.of(name), List.of(owner)));
            released.set(true);
            held.remove(this);
        }

        /** Releases it while the store closes (the connections are still open). */
        void releaseOnClose() {
            if (released.compareAndSet(false, true)) {
                send("release the lease", name, r -> Scripts.RELEASE.run(r, List.of(name), List.of(owner)));
            }
        }

        @Override
        public String toString() {
            return "RedisLease[" + name + "]";
        }
    }

    /**
     * Builds a {@link RedisTokenStore}. Every setting has a default; see {@code docs/configuration.md}.
     */
    public static final class Builder {
        private final String host;
        private final int port;
        private final int database;
        private final boolean tls;
        private final String address;
        private String user;
        private Secret password;
        private Duration connectTimeout = Duration.ofMillis(500);
        private Duration socketTimeout = Duration.ofMillis(500);
        private String prefix = Keys.DEFAULT_PREFIX;
        private int maxConnections = 8;
        private Path trustStore;
        private Secret trustStorePassword;
        private boolean verifyHostname = true;

        private Builder(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme();
            if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("a Redis store URI starts with redis:// or rediss:// (TLS), e.g."
                        + " redis://localhost:6379; got scheme '" + scheme + "'");
            }
            this.tls = "rediss".equalsIgnoreCase(scheme);
            String h = uri.getHost();
            // an IPv6 literal comes with its brackets, which a socket address does not take
            this.host = h != null && h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("the Redis store URI has no host; write " + scheme.toLowerCase()
                        + "://HOST[:PORT][/DB]");
            }
            this.port = uri.getPort() < 0 ? 6379 : uri.getPort();
            String path = uri.getPath();
            if (path == null || path.isEmpty() || path.equals("/")) {
                this.database = 0;
            } else if (path.matches("/\\d{1,5}")) {
                this.database = Integer.parseInt(path.substring(1));
            } else {
                throw new IllegalArgumentException("the path of a Redis store URI is a database number such as /0;"
                        + " got '" + path + "'");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("a Redis store URI takes no query or fragment; set timeouts and"
                        + " other options on RedisTokenStore.Builder");
            }
            String info = uri.getUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("the user info of the Redis store URI has no ':'; write"
                            + " redis://:PASSWORD@host for a password alone or redis://USER:PASSWORD@host for an ACL"
                            + " user");
                }
                this.user = colon == 0 ? null : info.substring(0, colon);
                this.password = Secret.of(info.substring(colon + 1));
            }
            this.address = scheme.toLowerCase() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                    + "/" + database;
        }

        /**
         * Sets the ACL user to authenticate as (Redis 6+); overrides the URI's.
         *
         * @param user the user name, not secret
         * @return this builder
         */
        public Builder user(String user) {
            Objects.requireNonNull(user, "user");
            if (user.isBlank()) {
                throw new IllegalArgumentException("the Redis user must not be blank");
            }
            this.user = user;
            return this;
        }

        /**
         * Sets the password ({@code AUTH}); overrides the URI's.
         *
         * @param password the password
         * @return this builder
         */
        public Builder password(Secret password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Sets how long opening a connection may take (default 500 ms).
         *
         * @param timeout positive, at most 10 s: a store call must end well inside a fetch deadline
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long one command may wait for its answer (default 500 ms); a hung server is
         * detected after it.
         *
         * @param timeout positive, at most 10 s
         * @return this builder
         */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = timeout(timeout, "socketTimeout");
            return this;
        }

        /**
         * Sets the prefix of every key the store writes (default {@code tokenkit:}), e.g. to
         * keep applications apart in one Redis or to match an ACL key pattern.
         *
         * @param prefix printable ASCII without spaces, at most 100 characters; may be empty
         * @return this builder
         */
        public Builder keyPrefix(String prefix) {
            this.prefix = new Keys(prefix).prefix();
            return this;
        }

        /**
         * Sets the most connections the store opens (default 8); calls wait for a free one for
         * at most the connect plus socket timeouts.
         *
         * @param connections 1 to 128
         * @return this builder
         */
        public Builder maxConnections(int connections) {
            if (connections < 1 || connections > 128) {
                throw new IllegalArgumentException("maxConnections must be between 1 and 128 (was " + connections + ")");
            }
            this.maxConnections = connections;
            return this;
        }

        /**
         * Sets the trust store that {@code rediss://} checks the server's certificate against,
         * e.g. one holding a private CA (default: the JVM's trust store, which
         * {@code -Djavax.net.ssl.trustStore} replaces).
         *
         * @param file     a key store file in the JVM's default type (PKCS12)
         * @param password its password
         * @return this builder
         */
        public Builder trustStore(Path file, Secret password) {
            Objects.requireNonNull(file, "file");
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("the trust store " + file + " is not a readable file");
            }
            this.trustStore = file;
            this.trustStorePassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Sets whether TLS checks that the server's certificate names the URI's host (default
         * {@code true}). Turn it off only for a server reached by an address its certificate
         * does not name.
         *
         * @param verify whether to verify
         * @return this builder
         */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /**
         * Builds the store. No connection is opened until the first call.
         *
         * @return the store
         */
        public RedisTokenStore build() {
            if (!tls && (trustStore != null || !verifyHostname)) {
                throw new IllegalArgumentException("TLS settings were given for " + address + ", which is not TLS;"
                        + " use a rediss:// URI");
            }
            return new RedisTokenStore(this);
        }

        private static Duration timeout(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException(name + " must be positive and at most 10 s, well inside a token"
                        + " fetch's deadline (was " + d.toMillis() + " ms)");
            }
            return d;
        }
    }
}
