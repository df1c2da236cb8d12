package dev.tokenkit.testkit.store;

import dev.tokenkit.AccessToken;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.spi.TokenStore;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testkit.TokenStoreContract;

import java.time.Duration;
import java.util.Optional;

/**
 * Deliberately broken stores, each wrong in one way, and their contract fixtures. Not run by
 * themselves (no {@code Test} suffix): {@link StoreContractSelfTest} runs them and expects the
 * check that targets each defect to fail.
 */
final class BrokenStoreFixtures {
    private BrokenStoreFixtures() {
    }

    /** The in-memory store with one method overridden. */
    abstract static class Broken implements TokenStore {
        final TokenStore delegate;

        Broken(ManualClock clock) {
            this.delegate = TokenStore.inMemory(clock);
        }

        @Override
        public Optional<AccessToken> read(TokenKey key) {
            return delegate.read(key);
        }

        @Override
        public AccessToken publish(TokenKey key, AccessToken token, AccessToken replacing) {
            return delegate.publish(key, token, replacing);
        }

        @Override
        public boolean invalidate(TokenKey key, AccessToken token) {
            return delegate.invalidate(key, token);
        }

        @Override
        public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
            return delegate.tryLease(key, ttl);
        }
    }

    /** Fixture base: the broken store on a manual clock. */
    abstract static class Fixture extends TokenStoreContract {
        final ManualClock clock = ManualClock.create();

        @Override
        protected void letLeasesExpire(TokenStore store, Duration ttl) {
            clock.advance(ttl);
        }
    }

    /** Publishing always overwrites, even with an older token. */
    static final class LastWriterWinsFixture extends Fixture {
        @Override
        protected TokenStore store() {
            return new Broken(clock) {
                @Override
                public AccessToken publish(TokenKey key, AccessToken token, AccessToken replacing) {
                    delegate.invalidate(key, delegate.read(key).orElse(token));
                    return delegate.publish(key, token, null);
                }
            };
        }
    }

    /** Ignores the secret material: keys with one identity share a token whatever their secrets. */
    static final class IgnoresSecretsFixture extends Fixture {
        @Override
        protected TokenStore store() {
            return new Broken(clock) {
                private TokenKey strip(TokenKey key) {
                    return TokenKey.of(key.providerId(), key.identity(), dev.tokenkit.Secret.of(""));
                }

                @Override
                public Optional<AccessToken> read(TokenKey key) {
                    return delegate.read(strip(key));
                }

                @Override
                public AccessToken publish(TokenKey key, AccessToken token, AccessToken replacing) {
                    return delegate.publish(strip(key), token, replacing);
                }

                @Override
                public boolean invalidate(TokenKey key, AccessToken token) {
                    return delegate.invalidate(strip(key), token);
                }
            };
        }
    }

    /**
     * Publish if newer as read, compare, then write, not atomically. The racers of the contract
     * all read before any writes, and write longest-lived first, so the shortest-lived one wins.
     */
    static final class CheckThenWriteFixture extends Fixture {
        @Override
        protected TokenStore store() {
            java.util.concurrent.CountDownLatch allRead = new java.util.concurrent.CountDownLatch(16);
            return new Broken(clock) {
                @Override
                public AccessToken publish(TokenKey key, AccessToken token, AccessToken replacing) {
                    Optional<AccessToken> stored = delegate.read(key);
                    if (token.value().startsWith("racer-")) {
                        allRead.countDown();
                        try {
                            allRead.await(5, java.util.concurrent.TimeUnit.SECONDS);
                            Thread.sleep(20L * (40 - Integer.parseInt(token.value().substring(6))));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (stored.isPresent() && !stored.get().sameValueAs(replacing) && !newer(token, stored.get())) {
                        return stored.get();
                    }
                    delegate.read(key).ifPresent(current -> delegate.invalidate(key, current));
                    return delegate.publish(key, token, null);
                }
            };
        }
    }

    /** Publishing in place of a writer's own token is plain publish if newer. */
    static final class IgnoresReplacingFixture extends Fixture {
        @Override
        protected TokenStore store() {
            return new Broken(clock) {
                @Override
                public AccessToken publish(TokenKey key, AccessToken token, AccessToken replacing) {
                    return delegate.publish(key, token, null);
                }
            };
        }
    }

    /** Publishing in place of a writer's own token overwrites whatever is stored. */
    static final class ReplacesAnythingFixture extends Fixture {
        @Override
        protected TokenStore store() {
            return new Broken(clock) {
                @Override
                public AccessToken publish(TokenKey key, AccessToken token, AccessToken replacing) {
                    if (replacing != null) {
                        delegate.read(key).ifPresent(stored -> delegate.invalidate(key, stored));
                    }
                    return delegate.publish(key, token, null);
                }
            };
        }
    }

    /** Every tryLease succeeds. */
    static final class SharedLeaseFixture extends Fixture {
        @Override
        protected TokenStore store() {
            return new Broken(clock) {
                @Override
                public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
                    return Optional.of(() -> { });
                }
            };
        }
    }

    /** invalidate removes whatever is stored. */
    static final class DeleteAnythingFixture extends Fixture {
        @Override
        protected TokenStore store() {
            return new Broken(clock) {
                @Override
                public boolean invalidate(TokenKey key, AccessToken token) {
                    return delegate.read(key).map(stored -> delegate.invalidate(key, stored)).orElse(false);
                }
            };
        }
    }

    /** Leases never expire. */
    static final class EternalLeaseFixture extends Fixture {
        @Override
        protected TokenStore store() {
            return new Broken(clock) {
                @Override
                public Optional<Lease> tryLease(TokenKey key, Duration ttl) {
                    return delegate.tryLease(key, Duration.ofDays(365));
                }
            };
        }
    }

    /** Publish if newer's comparison, as the SPI states it: expires later, or the same value issued later. */
    private static boolean newer(AccessToken offered, AccessToken stored) {
        return offered.expiresAt().orElseThrow().isAfter(stored.expiresAt().orElseThrow())
                || (offered.sameValueAs(stored) && offered.issuedAt().isAfter(stored.issuedAt()));
    }
}
