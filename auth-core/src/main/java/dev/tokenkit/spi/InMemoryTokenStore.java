package dev.tokenkit.spi;

import dev.tokenkit.AccessToken;
import dev.tokenkit.internal.TokenOrder;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TokenStore#inMemory()}: two concurrent maps, one of tokens and one of leases; every operation atomic. */
final class InMemoryTokenStore implements TokenStore {
    private final InstantSource clock;
    private final ConcurrentHashMap<TokenKey, AccessToken> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TokenKey, Holder> leases = new ConcurrentHashMap<>();

    /** A store whose leases expire on {@code clock}. */
    InMemoryTokenStore(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<AccessToken> read(TokenKey key) {
        return Optional.ofNullable(tokens.get(Objects.requireNonNull(key, "key")));
    }

    /** Atomically: replaces {@code replacing}'s value unconditionally, anything else if newer. */
    @Override
    public AccessToken publish(TokenKey key, AccessToken token, AccessToken replacing) {
        if (token.expiresAt().isEmpty()) {
            throw new IllegalArgumentException("a published token must carry its expiry");
        }
        return tokens.merge(Objects.requireNonNull(key, "key"), token, (stored, offered) ->
                stored.sameValueAs(replacing) || TokenOrder.supersedes(offered, stored) ? offered : stored);
    }

    @Override
    public boolean invalidate(TokenKey key, AccessToken token) {
        AccessToken stored = tokens.get(Objects.requireNonNull(key, "key"));
        return stored != null && stored.sameValueAs(token) && tokens.remove(key, stored);
    }

    @Override
    public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        Holder mine = new Holder(key, now.plus(ttl));
        Holder held = leases.compute(key, (k, current) ->
                current == null || !now.isBefore(current.expiresAt) ? mine : current);
        return held == mine ? Optional.of(mine) : Optional.empty();
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[" + tokens.size() + " token(s), " + leases.size() + " lease(s)]";
    }

    private final class Holder implements Lease {
        final TokenKey key;
        final Instant expiresAt;

        Holder(TokenKey key, Instant expiresAt) {
            this.key = key;
            this.expiresAt = expiresAt;
        }

        @Override
        public void release() {
            leases.remove(key, this);
        }
    }
}
