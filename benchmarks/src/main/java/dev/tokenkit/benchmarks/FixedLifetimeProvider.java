package dev.tokenkit.benchmarks;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenProvider;

import java.time.Duration;

/** A provider without I/O: every fetch issues the same value with a fixed lifetime from now. */
final class FixedLifetimeProvider implements TokenProvider {
    private final String value;
    private final Duration lifetime;

    FixedLifetimeProvider(String value, Duration lifetime) {
        this.value = value;
        this.lifetime = lifetime;
    }

    @Override
    public String id() {
        return "bench";
    }

    @Override
    public AccessToken fetch() {
        return AccessToken.builder(value).expiresIn(lifetime).build();
    }
}
