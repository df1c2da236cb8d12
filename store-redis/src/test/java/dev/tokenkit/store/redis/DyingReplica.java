package dev.tokenkit.store.redis;

import dev.tokenkit.TokenSource;

import java.net.URI;
import java.time.Duration;

/**
 * A replica in a process of its own that takes the lease and then hangs in its token request,
 * until the test kills it ({@code SIGKILL}: no shutdown hook, no lease release).
 * Arguments: the Redis URI, the key's identity, the fetch deadline in ms.
 */
public final class DyingReplica {
    private DyingReplica() {
    }

    /**
     * Runs the replica.
     *
     * @param args URI, identity, deadline ms
     */
    public static void main(String[] args) {
        Vendor vendor = new Vendor(Duration.ofHours(1));
        vendor.hold(); // never opened: the request hangs until the process is killed
        RedisTokenStore store = RedisTokenStore.create(URI.create(args[0]));
        TokenSource source = TokenSource.builder(vendor.provider()).store(store).key(Fleet.key(args[1]))
                .requestTimeout(Duration.ofSeconds(1)).fetchDeadline(Duration.ofMillis(Long.parseLong(args[2]))).build();
        System.out.println("fetching");
        source.token();
    }
}
