package dev.tokenkit.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of a redis-server: it counts the bytes the server sends to
 * clients, and can trickle them (one byte per tick of a timer), a server that is slow without
 * ever being silent for as long as a socket timeout.
 */
final class LoopbackProxy implements AutoCloseable {
    private final int upstreamPort;
    private final ServerSocket listener;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "proxy-ticker");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong downstreamBytes = new AtomicLong();
    private final AtomicInteger clientsGone = new AtomicInteger();
    private final Semaphore permits = new Semaphore(0);
    private volatile ScheduledFuture<?> tick;

    private LoopbackProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to the redis-server on {@code port} of loopback, at full speed. */
    static LoopbackProxy to(int port) {
        try {
            return new LoopbackProxy(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code redis://} to the proxy. */
    URI uri() {
        return URI.create("redis://127.0.0.1:" + listener.getLocalPort());
    }

    /** Bytes sent by the server to clients so far. */
    long downstreamBytes() {
        return downstreamBytes.get();
    }

    /** Client connections that the client side has closed so far. */
    int clientsGone() {
        return clientsGone.get();
    }

    /** From now on the server's bytes reach clients one per {@code every}. */
    synchronized void trickle(Duration every) {
        fullSpeed();
        permits.drainPermits();
        tick = ticker.scheduleAtFixedRate(permits::release, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** From now on the server's bytes pass at once. */
    synchronized void fullSpeed() {
        ScheduledFuture<?> t = tick;
        tick = null;
        if (t != null) {
            t.cancel(false);
        }
        permits.release(); // a pump waiting for a tick goes on at full speed
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(server);
                pump(client.getInputStream(), server.getOutputStream(), false, client, server, "up");
                pump(server.getInputStream(), client.getOutputStream(), true, client, server, "down");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean downstream, Socket client, Socket server, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    for (int i = 0; i < n; ) {
                        int chunk = downstream ? take(n - i) : n - i;
                        out.write(buf, i, chunk);
                        out.flush();
                        i += chunk;
                        if (downstream) {
                            downstreamBytes.addAndGet(chunk);
                        }
                    }
                }
                if (!downstream) {
                    clientsGone.incrementAndGet();
                }
            } catch (IOException e) {
                if (!downstream) {
                    clientsGone.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close(client);
                close(server);
            }
        }, "proxy-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** How many bytes may pass now: all of them at full speed, one per tick when trickling. */
    private int take(int wanted) throws InterruptedException {
        if (tick == null) {
            return wanted;
        }
        if (!permits.tryAcquire(1, 60, TimeUnit.SECONDS)) {
            throw new InterruptedException("no tick within 60 s");
        }
        return 1;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        fullSpeed();
        ticker.shutdownNow();
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(LoopbackProxy::close);
    }
}
