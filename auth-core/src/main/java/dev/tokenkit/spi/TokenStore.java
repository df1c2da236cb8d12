package dev.tokenkit.spi;

import dev.tokenkit.AccessToken;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Where {@link dev.tokenkit.TokenSource}s keep their current token and how they agree on who
 * fetches the next one. The default keeps it in the source's own memory; a shared store (Redis,
 * in {@code store-redis}) lets a fleet of replicas make one token request per token lifetime.
 *
 * <p><b>How a source uses it.</b> Never on the hot path: a source keeps its current token in a
 * field of its own and asks the store only when it needs a token (cold start, refresh,
 * invalidation), on one of tokenkit's fetch threads. It first {@linkplain #read reads}: a stored
 * token newer than its own is adopted without a request. Otherwise it tries to take the
 * {@linkplain #tryLease lease} (for half its fetch deadline, at most 20 s); the holder fetches,
 * {@linkplain #publish(TokenKey, AccessToken, AccessToken) publishes} in place of its previous
 * token and releases, while the others read again with jittered backoff until the token appears
 * or the lease runs out. A waiter keeps the last quarter of its own fetch deadline for a fetch of
 * its own, made without the lease, so that no source fails because another holds the lease
 * longer than it can wait. {@link #invalidate} removes a rejected token for every source that
 * shares the store, unless a newer one has replaced it already.
 *
 * <p><b>Faults.</b> Design an implementation for a store that is remote, slow, sometimes down and
 * able to lose data. Any exception a method throws makes the source carry on alone (it fetches
 * through its own single flight, as if it had the lease) and is logged; callers never see it. A
 * store that hangs is cut off by the source's fetch deadline, which interrupts the calling
 * thread, but each method should bound its own I/O well inside that deadline. Losing a token
 * costs one request; losing a lease costs at most one duplicate request: a duplicate refresh is
 * harmless, so a lease needs no stronger guarantee than "usually one holder".
 *
 * <p><b>Secrets.</b> Tokens are secrets: never put a value in a key, a log line, an exception
 * message or {@code toString()}. {@link TokenKey#identity()} is safe to show;
 * {@link TokenKey#secretMaterial()} is for encrypting what is stored.
 *
 * <p>Implementations are thread-safe and shared by many sources and keys. Check one with
 * {@code dev.tokenkit.testkit.TokenStoreContract} from {@code provider-testkit}.
 */
public interface TokenStore {

    /**
     * A store in this process's memory. Sources built with the same instance and the same
     * {@link TokenKey} share one token and one fetch.
     *
     * @return a new, empty store whose leases expire on the system clock
     */
    static TokenStore inMemory() {
        return new InMemoryTokenStore(InstantSource.system());
    }

    /**
     * A store in this process's memory whose leases expire on the given clock (for tests).
     *
     * @param clock the clock lease expiry is measured on
     * @return a new, empty store
     */
    static TokenStore inMemory(InstantSource clock) {
        return new InMemoryTokenStore(clock);
    }

    /**
     * The token stored under the key, if any. A store may drop a token once it has expired, and
     * may lose one at any time.
     *
     * @param key the token's key
     * @return the stored token (with its expiry), or empty
     */
    Optional<AccessToken> read(TokenKey key);

    /**
     * Stores a writer's new token, atomically: what a source calls when a fetch of its own
     * produced a token.
     * <ul>
     *   <li>When nothing is stored, or the stored token has the same value as {@code replacing},
     *       {@code token} is stored, whatever the two expiries say: the writer fetched
     *       {@code token} after it had {@code replacing}, so {@code token} is the newer one, even
     *       when a wall clock stepped back in between makes it look older (a clock an hour fast
     *       gives {@code replacing} an expiry an hour too late).</li>
     *   <li>Otherwise (another writer's token is stored, or {@code replacing} is {@code null}) it
     *       is publish if newer: {@code token} replaces the stored one only when it expires later,
     *       or is the same value issued later (an endpoint that re-issues a cached token with its
     *       remaining lifetime in whole seconds may state an earlier expiry the second time, and
     *       the later statement is still the one to keep).</li>
     * </ul>
     * So a writer is never kept on a token that it has itself just replaced, and tokens of two
     * writers are compared by expiry. The comparison and the write are one step: two writers
     * publishing at once never both win against a third token.
     *
     * @param key       the token's key
     * @param token     a token with an {@linkplain AccessToken#expiresAt() expiry}
     * @param replacing the writer's previous token for the key (the one it held, or had
     *                  invalidated, when it started the fetch of {@code token}), or {@code null}
     * @return the token stored under the key afterwards: {@code token}, or another writer's newer
     *         one that won
     */
    AccessToken publish(TokenKey key, AccessToken token, AccessToken replacing);

    /**
     * Removes the stored token if its value is {@code token}'s value (compare and delete,
     * atomically); a newer token stays.
     *
     * @param key   the token's key
     * @param token the rejected token
     * @return {@code true} when it was removed
     */
    boolean invalidate(TokenKey key, AccessToken token);

    /**
     * Tries to take the lease that entitles its holder to fetch the key's next token.
     *
     * @param key the token's key
     * @param ttl how long the lease lasts unless released: a holder that dies loses it then
     * @return the lease, or empty when someone else holds it
     */
    Optional<Lease> tryLease(TokenKey key, Duration ttl);

    /** A lease on a key, held by whoever took it. */
    interface Lease {
        /**
         * Gives the lease up, if it is still this holder's (an expired lease that someone else
         * has taken since stays theirs). Idempotent.
         */
        void release();
    }
}
