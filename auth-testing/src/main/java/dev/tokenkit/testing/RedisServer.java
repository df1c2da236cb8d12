package dev.tokenkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process on a free loopback port, for tests and benchmarks of
 * stores that keep tokens in Redis. It can be stopped, hung ({@code SIGSTOP}), resumed and
 * restarted empty, so that tests can inflict the faults a production Redis has.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     URI uri = redis.uri();            // redis://127.0.0.1:<port>
 *     ...
 *     redis.pause();                    // hung: connections open, nothing answers
 *     redis.resume();
 *     redis.restart();                  // same port, no data
 * }
 * }</pre>
 *
 * <p><b>Which binary.</b> The system property {@value #BINARY_PROPERTY} chooses:
 * <ul>
 *   <li>unset or {@code embedded}: the binary that the {@code com.github.codemonstur:embedded-redis}
 *       jar on the class path ships for this platform (Redis 6.2, built with TLS), copied to a
 *       temporary file once per JVM, so that a fresh machine needs nothing installed;</li>
 *   <li>{@code path}: the first {@code redis-server} on the {@code PATH} (e.g. Debian's, from
 *       {@code apt-get install redis-server});</li>
 *   <li>anything else: the path of a {@code redis-server} executable.</li>
 * </ul>
 *
 * <p>The server persists nothing ({@code --save '' --appendonly no}), listens on 127.0.0.1 only,
 * and writes its log to a temporary directory that {@link #close()} deletes. Extra arguments are
 * Redis configuration directives ({@code "--requirepass", "secret"}). A JVM shutdown hook kills
 * servers that were not closed. {@link #pause()} and {@link #resume()} send signals with
 * {@code kill}, so they need a POSIX system.
 */
public final class RedisServer implements AutoCloseable {

    /** The system property that chooses the binary: {@code embedded} (default), {@code path}, or a file. */
    public static final String BINARY_PROPERTY = "tokenkit.redis.server";

    private static final long START_TIMEOUT_MS = 15_000;
    private static final long STOP_TIMEOUT_MS = 10_000;
    private static Path embeddedCopy;

    private final Path binary;
    private final List<String> extraArgs;
    private final boolean tls;
    private final int port;
    private final Path dir;
    private final Thread killer;
    private Process process;
    private int starts;
    private boolean closed;

    private RedisServer(Path binary, List<String> extraArgs, boolean tls) throws IOException {
        this.binary = binary;
        this.extraArgs = List.copyOf(extraArgs);
        this.tls = tls;
        this.port = freePort();
        this.dir = Files.createTempDirectory("tokenkit-redis-");
        this.killer = new Thread(this::kill, "redis-server-killer-" + port);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts a server with no password.
     *
     * @return the running server
     */
    public static RedisServer start() {
        return start(List.of());
    }

    /**
     * Starts a server with extra configuration directives, e.g.
     * {@code List.of("--requirepass", "secret")} or an ACL user
     * {@code List.of("--user", "app", "on", ">pw", "~tokenkit:*", "+@all")}.
     *
     * @param extraArgs directives appended to the command line
     * @return the running server
     */
    public static RedisServer start(List<String> extraArgs) {
        return launch(extraArgs, false);
    }

    /**
     * Starts a server that speaks TLS only, on {@link #port()}, with the given PEM certificate
     * and key (clients are not asked for certificates). {@link #uri()} is then {@code rediss://}.
     *
     * @param certificate a PEM certificate for 127.0.0.1
     * @param privateKey  its PEM (PKCS#8) private key
     * @param extraArgs   more directives
     * @return the running server
     */
    public static RedisServer startTls(Path certificate, Path privateKey, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of("--tls-cert-file", certificate.toString(),
                "--tls-key-file", privateKey.toString(), "--tls-ca-cert-file", certificate.toString(),
                "--tls-auth-clients", "no"));
        args.addAll(extraArgs);
        return launch(args, true);
    }

    private static RedisServer launch(List<String> extraArgs, boolean tls) {
        Objects.requireNonNull(extraArgs, "extraArgs");
        RedisServer server = null;
        try {
            server = new RedisServer(chosenBinary(), extraArgs, tls);
            server.startProcess();
            return server;
        } catch (IOException e) {
            if (server != null) {
                server.close();
            }
            throw new UncheckedIOException("cannot start redis-server: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            throw e;
        }
    }

    /**
     * The port the server listens on (the same across restarts).
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The server's address: {@code redis://127.0.0.1:<port>}, or {@code rediss://} for TLS.
     *
     * @return the URI, with no credentials
     */
    public URI uri() {
        return URI.create((tls ? "rediss" : "redis") + "://127.0.0.1:" + port);
    }

    /**
     * The process id of the running server.
     *
     * @return the pid
     * @throws IllegalStateException when it is not running
     */
    public synchronized long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        return process.pid();
    }

    /**
     * The binary in use, e.g. for a test report.
     *
     * @return the executable's path
     */
    public Path binary() {
        return binary;
    }

    /**
     * Whether the server process is alive (running or paused).
     *
     * @return {@code true} while it runs
     */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server (its data is gone); {@link #restart()} starts it again. Idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        signal(p.pid(), "CONT"); // a paused server handles SIGTERM only once it runs again
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port, empty. Stops it first if it runs. */
    public synchronized void restart() {
        stop();
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart redis-server on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Hangs the server with {@code SIGSTOP}: connections are accepted by the kernel, nothing answers. */
    public synchronized void pause() {
        signal(pid(), "STOP");
    }

    /** Resumes a {@linkplain #pause() paused} server with {@code SIGCONT}. */
    public synchronized void resume() {
        signal(pid(), "CONT");
    }

    /**
     * The server's log so far (for a failing test's message).
     *
     * @return the log text, or an empty string
     */
    public String log() {
        try {
            Path log = dir.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the server and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        deleteTree(dir);
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + ", " + binary + "]";
    }

    // --- process ---

    private void startProcess() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", tls ? "0" : Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no", "--logfile", ""));
        if (tls) {
            command.addAll(List.of("--tls-port", Integer.toString(port)));
        }
        command.addAll(extraArgs);
        Path log = dir.resolve("redis.log");
        Files.deleteIfExists(log);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process = p;
        starts++;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (true) {
            String text = log();
            if (text.contains("Ready to accept connections")) {
                return;
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                process = null;
                throw new IOException((p.isAlive() ? "not ready within " + START_TIMEOUT_MS + " ms" : "it exited with "
                        + p.exitValue()) + " (start " + starts + " of " + binary + " on port " + port + "); its log:\n"
                        + text);
            }
            try {
                Thread.sleep(5); // a poll with a deadline, waiting for the server's own "ready" line
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while redis-server started", e);
            }
        }
    }

    private synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal + " (a POSIX 'kill' command is needed)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // --- binary ---

    /**
     * The binary {@value #BINARY_PROPERTY} chooses (see the class comment).
     *
     * @return the path of an executable {@code redis-server}
     * @throws IllegalStateException when there is none, with what to do about it
     */
    public static synchronized Path chosenBinary() {
        String choice = System.getProperty(BINARY_PROPERTY, "embedded").trim();
        if (choice.isEmpty() || choice.equals("embedded")) {
            if (embeddedCopy == null) {
                embeddedCopy = extractEmbedded();
            }
            return embeddedCopy;
        }
        if (choice.equals("path")) {
            String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(d.isEmpty() ? "." : d, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
            throw new IllegalStateException("-D" + BINARY_PROPERTY + "=path, but no redis-server is on the PATH ("
                    + path + "); install one (Debian: apt-get install -y redis-server) or leave the property unset"
                    + " to use the embedded-redis binary");
        }
        Path file = Path.of(choice);
        if (!Files.isExecutable(file)) {
            throw new IllegalStateException("-D" + BINARY_PROPERTY + "=" + choice + " is not an executable file; give"
                    + " the path of a redis-server, or 'path' (the PATH's), or 'embedded' (the default)");
        }
        return file;
    }

    private static Path extractEmbedded() {
        String resource = embeddedResource();
        ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                ClassLoader.getSystemClassLoader());
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server binary: " + resource + " is not on the class path."
                        + " Add com.github.codemonstur:embedded-redis (test scope) or set -D" + BINARY_PROPERTY
                        + "=path (a redis-server on the PATH) or =/path/to/redis-server");
            }
            Path dir = Files.createTempDirectory("tokenkit-redis-bin-");
            Path file = dir.resolve("redis-server");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the embedded redis-server to a temporary file", e);
        }
    }

    /** The embedded-redis 1.4.3 jar's binary for this platform. */
    private static String embeddedResource() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux") && x64) {
            return "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("linux") && arm64) {
            return "redis-server-6.2.7-linux-arm64";
        }
        if (os.contains("mac") && x64) {
            return "redis-server-6.2.6-v5-darwin-amd64";
        }
        if (os.contains("mac") && arm64) {
            return "redis-server-6.2.6-v5-darwin-arm64";
        }
        throw new IllegalStateException("embedded-redis ships no redis-server for " + os + "/" + arch + "; set -D"
                + BINARY_PROPERTY + "=path or =/path/to/redis-server");
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
