package dev.tokenkit.store.redis;

import dev.tokenkit.AccessToken;
import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.spi.TokenStore;
import redis.clients.jedis.Connection;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
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
 * expires in Redis when the token does ({@code PEXPIREAT}). Every command is a Lua script, atomic
 * on the server: read, publish (publish if newer), invalidate (compare and delete by value), take
 * and release the lease {@code {prefix}lease:{providerId}:{identity}} (a random owner with a
 * time-to-live). No key name or value holds a secret in clear.
 *
 * <p><b>Faults.</b> Every call ends within the connect plus socket timeouts (500 ms each by
 * default), however slowly the server answers: past that its connection is closed. Any failure
 * of Redis is thrown as a {@link RedisStoreException}, which makes a {@link dev.tokenkit.TokenSource}
 * carry on with its own single flight. Anything at the store's keys that is not what it writes
 * (another Redis type, other fields, oversized fields, a value sealed under other credentials or
 * altered, a lease without a time-to-live) is checked on the server before it crosses the wire,
 * reads as absent (logged once per key at {@code WARNING}, never with its content) and is
 * replaced by the next write.
 *
 * <p>Thread-safe; share one instance among all sources of a process and {@link #close()} it
 * when they are closed. Standalone Redis only (no Cluster or Sentinel discovery). See
 * {@code docs/fleet.md}.
 */
public final class RedisTokenStore implements TokenStore, AutoCloseable {
    /** Hex digits of a lease owner id. */
    static final int OWNER_HEX_DIGITS = 32;

    private static final System.Logger LOG = System.getLogger(RedisTokenStore.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisUri uri;
    private final Keys keys;
    private final RedisCalls calls;
    /** Keys whose stored value could not be read, logged once until a read succeeds again. */
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    /** Leases taken and not yet released: {@link #close()} releases them. */
    private final Set<RedisLease> held = ConcurrentHashMap.newKeySet();
    /** Keys without secret material, logged once. */
    private final Set<String> keyless = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisTokenStore(Builder b) {
        this.uri = b.uri;
        this.keys = new Keys(b.prefix);
        this.calls = new RedisCalls(new RedisCalls.Settings(b.uri, b.connectTimeout, b.socketTimeout, b.maxConnections,
                b.trustStore, b.trustStorePassword, b.verifyHostname));
        // digests of the scripts and the client's command builders, made now: a cold JVM's first
        // call should spend its deadline on Redis, not on loading classes
        Scripts.values();
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
        return new Builder(RedisUri.parse(uri));
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
        Object reply = call("read", name, c -> Scripts.READ.run(c, List.of(name), List.of()));
        if (reply == null) {
            unreadable.remove(name);
            return Optional.empty();
        }
        Optional<AccessToken> token = open(key, name, reply);
        if (token.isPresent()) {
            unreadable.remove(name);
        }
        return token;
    }

    /** In one script: the writer's own previous token is replaced whatever the expiries say (see the SPI). */
    @Override
    public AccessToken publish(TokenKey key, AccessToken token, AccessToken replacing) {
        String name = keys.token(Objects.requireNonNull(key, "key"));
        TokenCipher cipher = cipher(key);
        StoredToken offered = StoredToken.seal(token, cipher, name);
        List<String> args = new ArrayList<>(offered.fields());
        int unopened = args.size();
        args.add(""); // the sealed token this caller could not open: none yet
        args.add(Long.toString(offered.dropAtMillis()));
        args.add(replacing == null ? "" : cipher.valueHash(replacing.value()));
        // round 2 (and 3, if another replica raced in): replace a stored value this key cannot open
        for (int round = 0; round < 3; round++) {
            Object reply = call("publish", name, c -> Scripts.PUBLISH.run(c, List.of(name), args));
            if (reply == null) {
                return token;
            }
            Optional<AccessToken> winner = open(key, name, reply);
            if (winner.isPresent()) {
                return winner.get();
            }
            args.set(unopened, StoredToken.of(strings(reply)).sealed());
        }
        return token;
    }

    @Override
    public boolean invalidate(TokenKey key, AccessToken token) {
        String name = keys.token(Objects.requireNonNull(key, "key"));
        String hash = cipher(key).valueHash(token.value());
        Object reply = call("invalidate", name, c -> Scripts.INVALIDATE.run(c, List.of(name), List.of(hash)));
        return Long.valueOf(1).equals(reply);
    }

    @Override
    public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
        String name = keys.lease(Objects.requireNonNull(key, "key"));
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease's time-to-live must be positive (was " + ttl + ")");
        }
        byte[] random = new byte[OWNER_HEX_DIGITS / 2];
        RANDOM.nextBytes(random);
        String owner = HexFormat.of().formatHex(random);
        String px = Long.toString(Math.max(1, ttl.toMillis()));
        Object reply = call("take the lease", name, c -> Scripts.LEASE.run(c, List.of(name), List.of(owner, px)));
        if (Long.valueOf(0).equals(reply)) {
            return Optional.empty();
        }
        if (reply instanceof String foreign) {
            LOG.log(System.Logger.Level.WARNING, "{0}: the lease key {1} held {2}, not a lease of tokenkit''s; replaced"
                    + " it with this replica''s lease", uri.address(), name, foreign);
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
                    uri.address(), e.getClass().getSimpleName());
        } finally {
            held.clear();
            calls.close();
        }
    }

    /** The server, prefix and user; never a password. */
    @Override
    public String toString() {
        return "RedisTokenStore[" + uri.address() + ", prefix '" + keys.prefix() + "'"
                + (uri.user() != null ? ", user " + uri.user() : "") + (closed.get() ? ", closed" : "") + "]";
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

    private <T> T call(String operation, String keyName, Function<Connection, T> command) {
        if (closed.get()) {
            throw calls.failure(operation, keyName, "the store is closed", null);
        }
        return calls.run(operation, keyName, command);
    }

    /**
     * Opens what a script returned for a token key: empty (and logged once per key) when it is
     * foreign (the script says why) or not a token this key can open.
     */
    private Optional<AccessToken> open(TokenKey key, String name, Object reply) {
        String problem;
        if (reply instanceof String foreign) {
            problem = "it is " + foreign;
        } else {
            try {
                return Optional.of(StoredToken.of(strings(reply)).open(cipher(key), name));
            } catch (StoredToken.Unreadable e) {
                problem = e.getMessage();
            } catch (IllegalArgumentException e) {
                problem = "it is malformed (" + e.getClass().getSimpleName() + ")";
            }
        }
        if (unreadable.add(name)) {
            LOG.log(System.Logger.Level.WARNING, "{0}: the token stored under {1} reads as absent: {2}; the next token"
                    + " published replaces it", uri.address(), name, problem);
        }
        return Optional.empty();
    }

    private TokenCipher cipher(TokenKey key) {
        if (key.secretMaterial().isEmpty() && keyless.add(keys.token(key))) {
            LOG.log(System.Logger.Level.WARNING, "{0}: the configuration of {1} has no secret option, so the token"
                    + " stored under {2} is encrypted with a key derived from no secret: whoever can read Redis can"
                    + " decrypt it (see docs/fleet.md, threat model)", uri.address(), key, keys.token(key));
        }
        return TokenCipher.of(key);
    }

    private static List<String> strings(Object reply) {
        if (!(reply instanceof List<?> list)) {
            throw new IllegalArgumentException("a reply of " + (reply == null ? "nil" : reply.getClass().getSimpleName())
                    + ", not a list");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(o == null ? null : o.toString());
        }
        return out;
    }

    /** A lease held by a random owner with a time-to-live; released by compare-and-delete. */
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
            call("release the lease", name, c -> Scripts.RELEASE.run(c, List.of(name), List.of(owner)));
            released.set(true);
            held.remove(this);
        }

        /** Releases it while the store closes (the connections are still open). */
        void releaseOnClose() {
            if (released.compareAndSet(false, true)) {
                calls.run("release the lease", name, c -> Scripts.RELEASE.run(c, List.of(name), List.of(owner)));
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
        private RedisUri uri;
        private Duration connectTimeout = Duration.ofMillis(500);
        private Duration socketTimeout = Duration.ofMillis(500);
        private String prefix = Keys.DEFAULT_PREFIX;
        private int maxConnections = 8;
        private Path trustStore;
        private Secret trustStorePassword;
        private boolean verifyHostname = true;

        private Builder(RedisUri uri) {
            this.uri = uri;
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
            this.uri = uri.withUser(user);
            return this;
        }

        /**
         * Sets the password ({@code AUTH}); overrides the URI's.
         *
         * @param password the password
         * @return this builder
         */
        public Builder password(Secret password) {
            this.uri = uri.withPassword(Objects.requireNonNull(password, "password"));
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
         * Sets how long one read may wait for the server (default 500 ms); a hung server is
         * detected after it. A call as a whole (a pooled connection, opening one, the command and
         * its whole answer) ends within the connect plus socket timeouts, however slowly the
         * server answers.
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
            if (uri.user() != null && uri.password() == null) {
                throw new IllegalArgumentException("an ACL user needs a password: set password(Secret) or write the URI"
                        + " as rediss://USER:PASSWORD@host");
            }
            if (!uri.tls() && (trustStore != null || !verifyHostname)) {
                throw new IllegalArgumentException("TLS settings were given for " + uri.address() + ", which is not TLS;"
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
