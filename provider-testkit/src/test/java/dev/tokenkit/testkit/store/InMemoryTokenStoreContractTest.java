package dev.tokenkit.testkit.store;

import dev.tokenkit.spi.TokenStore;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testkit.TokenStoreContract;

import java.time.Duration;

/** The in-memory store, on a manual clock, passes the store contract. */
class InMemoryTokenStoreContractTest extends TokenStoreContract {
    private final ManualClock clock = ManualClock.create();

    @Override
    protected TokenStore store() {
        return TokenStore.inMemory(clock);
    }

    @Override
    protected void letLeasesExpire(TokenStore store, Duration ttl) {
        clock.advance(ttl);
    }
}
