package dev.tokenkit.internal;

import java.lang.ref.WeakReference;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The process's {@code HttpClient}s, one per {@link TransportSettings} value. A client is heavy
 * (a selector thread, a connection pool, a TLS context), so sources with equal settings share
 * one. The cache holds clients weakly: the transports using a client hold it, and when the last
 * of them is gone the client, and its thread, can go too (a renewed client certificate does not
 * leave the old client behind for the life of the process).
 */
final class HttpClients {
    private static final Map<TransportSettings, WeakReference<HttpClient>> CLIENTS = new ConcurrentHashMap<>();
    /** How many clients this class has built since the process started; for tests. */
    static final AtomicInteger CREATED = new AtomicInteger();

    private HttpClients() {
    }

    /** The client for these settings, built by {@code build} when none is alive. */
    static HttpClient get(TransportSettings settings, Supplier<HttpClient> build) {
        HttpClient[] out = new HttpClient[1];
        CLIENTS.compute(settings, (key, ref) -> {
            HttpClient existing = ref == null ? null : ref.get();
            if (existing != null) {
                out[0] = existing;
                return ref;
            }
            out[0] = build.get();
            CREATED.incrementAndGet();
            return new WeakReference<>(out[0]);
        });
        if (CLIENTS.size() > 64) {
            CLIENTS.values().removeIf(ref -> ref.get() == null);
        }
        return out[0];
    }
}
