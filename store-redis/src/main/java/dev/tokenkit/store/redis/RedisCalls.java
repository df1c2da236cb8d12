package dev.tokenkit.store.redis;

import dev.tokenkit.Secret;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The connections of one store and the deadline of each call on them. A call (waiting for a
 * free connection, opening one, sending its command and reading the whole answer) ends within
 * {@code connectTimeout + socketTimeout}: a timer closes the socket it is using when that time is
 * up, however the server answers (silent, or a byte at a time, which a per-read socket timeout
 * never catches), and the connection is discarded instead of being reused with half an answer
 * in it. A socket is handed to its call once Jedis has opened it, so a TLS handshake in progress
 * is bounded per read by the socket timeout, and the call fails as soon as it ends.
 *
 * <p>The pool is this class's own, not Jedis's (whose pool replaces a discarded connection at
 * once, on the caller's thread, outside any deadline): at most {@code maxConnections} in use,
 * idle ones reused newest first, and one idle for longer than {@link #IDLE_LIMIT} closed instead
 * of reused. A connection is opened on the calling thread, inside its call's deadline.
 */
final class RedisCalls implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisTokenStore.class.getName());
    /** The call running on this thread: sockets opened for it are closed when it runs out of time. */
    private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

    private final String address;
    private final long deadlineMillis;
    /** How long a connection may stay idle and still be reused. */
    static final Duration IDLE_LIMIT = Duration.ofMinutes(1);

    private final JedisSocketFactory sockets;
    private final JedisClientConfig clientConfig;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean closed;

    /** A connection waiting for its next call, and since when (System.nanoTime()). */
    private record Idle(Connection connection, long sinceNanos) {
    }

    /**
     * Settings of the connections.
     *
     * @param uri                the server
     * @param connectTimeout     how long opening a connection may take
     * @param socketTimeout      how long one read may wait
     * @param maxConnections     the pool's size
     * @param trustStore         a PKCS12 trust store for TLS, or null for the JVM's
     * @param trustStorePassword its password, or null
     * @param verifyHostname     whether TLS checks the host name
     */
    record Settings(RedisUri uri, Duration connectTimeout, Duration socketTimeout, int maxConnections, Path trustStore,
                    Secret trustStorePassword, boolean verifyHostname) {
        @Override
        public String toString() {
            return uri.toString();
        }
    }

    RedisCalls(Settings s) {
        this.address = s.uri().address();
        Duration deadline = s.connectTimeout().plus(s.socketTimeout());
        this.deadlineMillis = deadline.toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(s.connectTimeout()))
                .socketTimeoutMillis(millis(s.socketTimeout()))
                .database(s.uri().database())
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        Secret password = s.uri().password();
        if (password != null) {
            String name = s.uri().user();
            // asked on each new connection: the password is held as a Secret, not in the client's config
            config.credentialsProvider(() -> new DefaultRedisCredentials(name, password.reveal()));
        }
        if (s.uri().tls()) {
            SslOptions.Builder ssl = SslOptions.builder()
                    .sslVerifyMode(s.verifyHostname() ? SslVerifyMode.FULL : SslVerifyMode.CA);
            if (s.trustStore() != null) {
                ssl.truststore(s.trustStore().toFile(), s.trustStorePassword().reveal().toCharArray());
            }
            config.sslOptions(ssl.build());
        }
        this.clientConfig = config.build();
        this.sockets = new DeadlineSockets(
                new DefaultJedisSocketFactory(new HostAndPort(s.uri().host(), s.uri().port()), clientConfig));
        this.permits = new Semaphore(s.maxConnections(), true);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tokenkit-redis-deadlines " + address);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** The deadline of each call. */
    long deadlineMillis() {
        return deadlineMillis;
    }

    /**
     * Runs one call on a connection of the pool, within the deadline.
     *
     * @param operation what it does, for the message ("read", "publish", …)
     * @param keyName   the Redis key it is about
     * @param command   what to send on the connection
     * @return the command's result
     * @throws RedisStoreException when it fails or runs out of time, naming the server, the
     *                             operation and the key (no secret)
     */
    <T> T run(String operation, String keyName, Function<Connection, T> command) {
        Call call = new Call();
        CURRENT.set(call);
        ScheduledFuture<?> alarm = timer.schedule(() -> {
            try {
                call.expire();
            } catch (Throwable t) { // the timer thread must outlive any failure of one call
                LOG.log(System.Logger.Level.DEBUG, "{0}: closing a call at its deadline failed: {1}", address, t);
            }
        }, deadlineMillis, TimeUnit.MILLISECONDS);
        Connection connection = null;
        boolean reusable = false;
        try {
            if (!permits.tryAcquire(deadlineMillis, TimeUnit.MILLISECONDS)) {
                call.finish();
                throw failure(operation, keyName, "all connections busy for the call's deadline of " + deadlineMillis
                        + " ms", null);
            }
            try {
                connection = borrow();
                call.attach(connection);
                T result = command.apply(connection);
                reusable = !call.finish() && !connection.isBroken();
                return result;
            } finally {
                giveBack(connection, reusable);
                permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.finish();
            throw failure(operation, keyName, "interrupted while waiting for a connection", e);
        } catch (RedisStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            if (call.finish()) {
                throw failure(operation, keyName, "no complete answer within the call's deadline of " + deadlineMillis
                        + " ms (connect + socket timeout); the connection was closed", e);
            }
            String detail = e.getMessage() == null ? "" : ": " + clip(e.getMessage());
            throw failure(operation, keyName, e.getClass().getSimpleName() + detail, e);
        } finally {
            alarm.cancel(false);
            CURRENT.remove();
        }
    }

    /** An idle connection, or a new one (opened on this thread, so within the current call's deadline). */
    private Connection borrow() {
        long now = System.nanoTime();
        for (Idle i; (i = idle.pollFirst()) != null; ) {
            if (now - i.sinceNanos() <= IDLE_LIMIT.toNanos() && i.connection().isConnected() && !i.connection().isBroken()) {
                return i.connection();
            }
            discard(i.connection());
        }
        return new Connection(sockets, clientConfig);
    }

    private void giveBack(Connection connection, boolean reusable) {
        if (connection == null) {
            return;
        }
        if (reusable && !closed) {
            idle.offerFirst(new Idle(connection, System.nanoTime()));
            if (!closed) {
                return;
            }
            idle.removeIf(i -> i.connection() == connection); // closed meanwhile: close() may have missed it
        }
        discard(connection);
    }

    private static void discard(Connection connection) {
        try {
            connection.forceDisconnect();
        } catch (IOException | RuntimeException e) {
            // closing is all we wanted
        }
    }

    /** A failure of the store, as every call reports it. */
    RedisStoreException failure(String operation, String keyName, String problem, Throwable cause) {
        return new RedisStoreException(address + ": cannot " + operation + " " + keyName + " (" + problem + ")", cause);
    }

    /** Closes the connections and the timer. */
    @Override
    public void close() {
        closed = true;
        try {
            for (Idle i; (i = idle.pollFirst()) != null; ) {
                discard(i.connection());
            }
        } finally {
            timer.shutdownNow();
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static String clip(String s) {
        StringBuilder one = new StringBuilder(Math.min(s.length(), 201));
        for (int i = 0; i < s.length() && one.length() < 200; i++) {
            char c = s.charAt(i);
            one.append(Character.isISOControl(c) ? ' ' : c);
        }
        return one.length() < s.length() ? one + "…" : one.toString();
    }

    /**
     * One call: the socket and connection it uses, closed by the timer if the call is still running
     * at its deadline. Guarded by its own lock, so that the timer never closes a connection that
     * has gone back to the pool.
     */
    private static final class Call {
        private Socket socket;
        private Connection connection;
        private boolean expired;
        private boolean finished;

        synchronized void attach(Socket s) {
            socket = s;
            if (expired) {
                closeQuietly(s);
            }
        }

        synchronized void attach(Connection c) {
            connection = c;
            if (expired) {
                c.setBroken();
                discard(c);
            }
        }

        /** From the timer. */
        synchronized void expire() {
            if (finished) {
                return;
            }
            expired = true;
            if (connection != null) {
                connection.setBroken();
                discard(connection);
            }
            if (socket != null) {
                closeQuietly(socket);
            }
        }

        /** Ends the call; whether it had run out of time. */
        synchronized boolean finish() {
            finished = true;
            return expired;
        }

        synchronized boolean expired() {
            return expired;
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // as above
            }
        }
    }

    /** Opens sockets as Jedis does, and hands each to the call it was opened for. */
    private static final class DeadlineSockets implements JedisSocketFactory {
        private final JedisSocketFactory delegate;

        DeadlineSockets(JedisSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket() {
            Socket s = delegate.createSocket();
            Call call = CURRENT.get();
            if (call != null) {
                call.attach(s);
            }
            return s;
        }
    }
}
