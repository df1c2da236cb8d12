package dev.tokenkit.lifecycle;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A {@link TokenProvider} for virtual-time tests: each {@link #fetch()} takes the next scripted
 * step (or the fallback when the script is empty), counts the call and records when it happened.
 * Tokens are named {@code token-<call number>} unless a step says otherwise.
 * Public because {@code dev.tokenkit.RetryPolicyTest} uses it too.
 */
public final class ScriptedProvider implements TokenProvider {
    public static final String ID = "scripted";

    /** One answer: given the call number (1-based) and the clock's instant, a token or a throw. */
    public interface Step extends BiFunction<Integer, Instant, AccessToken> {
    }

    private final InstantSource clock;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Instant> callTimes = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
    private volatile Step fallback;

    public ScriptedProvider(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock);
        this.fallback = (n, now) -> {
            throw new AssertionError("ScriptedProvider: unscripted call #" + n + " at " + now);
        };
    }

    /** A fresh token {@code token-n} with the given declared lifetime. */
    public static Step issue(Duration lifetime) {
        return (n, now) -> AccessToken.builder("token-" + n).issuedAt(now).expiresIn(lifetime).build();
    }

    /** A throw of a fresh exception (exceptions carry a mutable attempt count, so never share one). */
    public static Step fail(Supplier<? extends TokenException> error) {
        return (n, now) -> {
            throw error.get();
        };
    }

    public static ProviderUnavailableException unavailable() {
        return new ProviderUnavailableException(ID, 503, null, "token endpoint unavailable (HTTP 503)", null);
    }

    public ScriptedProvider then(Step step) {
        script.add(step);
        return this;
    }

    public ScriptedProvider thenIssue(Duration lifetime) {
        return then(issue(lifetime));
    }

    public ScriptedProvider thenFail(Supplier<? extends TokenException> error) {
        return then(fail(error));
    }

    public ScriptedProvider otherwise(Step step) {
        this.fallback = Objects.requireNonNull(step);
        return this;
    }

    public ScriptedProvider otherwiseIssue(Duration lifetime) {
        return otherwise(issue(lifetime));
    }

    public ScriptedProvider otherwiseFail(Supplier<? extends TokenException> error) {
        return otherwise(fail(error));
    }

    public int calls() {
        return calls.get();
    }

    public List<Instant> callTimes() {
        return List.copyOf(callTimes);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public AccessToken fetch() {
        int n = calls.incrementAndGet();
        Instant now = clock.instant();
        callTimes.add(now);
        Step step = script.poll();
        return (step != null ? step : fallback).apply(n, now);
    }
}
