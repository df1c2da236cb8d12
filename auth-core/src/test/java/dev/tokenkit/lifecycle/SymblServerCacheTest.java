package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.Policies;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 5 for Symbl's server-side cache: asked again before expiry, Symbl returns the same
 * token with the remaining lifetime (whole seconds), and issues a new one only near expiration.
 */
class SymblServerCacheTest {

    /**
     * The measured number of requests per 24 h token with the default policies (jitter at its
     * middle), under the worst-case server that renews only when less than 1 s remains. It was 11
     * while the refresh floor could be waived; the floor now ends the chain of ever shorter
     * refreshes once the remaining lifetime falls below about 11 s.
     */
    static final int REQUESTS_PER_LIFETIME = 6;
    /** The most requests per 24 h token for any jitter draw. */
    static final int MAX_REQUESTS_PER_LIFETIME = 14;

    /** Symbl's token endpoint as its documentation describes it. */
    static final class SymblCache implements ScriptedProvider.Step {
        private final Duration lifetime;
        private final Duration renewBelow;
        private String value;
        private Instant expiresAt;
        private int issued;

        /**
         * @param lifetime   a new token's lifetime (86400 s)
         * @param renewBelow the cached token is replaced when less than this remains ("near
         *                   expiration"); at least 1 s, since expiresIn is whole seconds
         */
        SymblCache(Duration lifetime, Duration renewBelow) {
            this.lifetime = lifetime;
            this.renewBelow = renewBelow;
        }

        @Override
        public synchronized AccessToken apply(Integer call, Instant now) {
            if (value == null || Duration.between(now, expiresAt).compareTo(renewBelow) < 0) {
                issued++;
                value = "symbl-" + issued;
                expiresAt = now.plus(lifetime);
            }
            long remaining = Duration.between(now, expiresAt).toSeconds(); // expiresIn: whole seconds, rounded down
            return AccessToken.builder(value).issuedAt(now).expiresIn(Duration.ofSeconds(remaining)).build();
        }
    }

    /** Runs a source over the emulated cache for some days, callers every minute; requests per token value. */
    private static Map<String, Integer> run(ExpiryPolicy expiry, Duration renewBelow, int days, Recorder[] out) {
        VirtualTime vt = new VirtualTime();
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .otherwise(new SymblCache(Duration.ofSeconds(86_400), renewBelow));
        Recorder events = new Recorder(vt.clock);
        out[0] = events;
        try (TokenSource source = vt.source(provider).expiry(expiry).listener(events).build()) {
            vt.fetchNow(source);
            Instant end = vt.clock.instant().plus(Duration.ofDays(days));
            while (vt.clock.instant().isBefore(end)) {
                vt.scheduler.advance(Duration.ofMinutes(1));
                AccessToken t = vt.fetchNow(source);
                assertThat(t.isExpiredAt(vt.clock.instant())).isFalse();
                // a new token is adopted as soon as the server issued it
                assertThat(t.value()).isEqualTo(events.succeeded.get(events.succeeded.size() - 1).token().value());
            }
        }
        Map<String, Integer> perToken = new LinkedHashMap<>();
        events.succeeded.forEach(s -> perToken.merge(s.token().value(), 1, Integer::sum));
        assertThat(events.failed).isEmpty();
        assertThat(provider.calls()).isEqualTo(events.succeeded.size());
        return perToken;
    }

    /** The counts of the complete lifetimes (not the last, still running one). */
    private static List<Integer> complete(Map<String, Integer> perToken) {
        List<Integer> counts = new ArrayList<>(perToken.values());
        return counts.subList(0, counts.size() - 1);
    }

    @Test
    @DisplayName("a 24 h token costs 6 requests per lifetime with the defaults; a caller waits once per lifetime, when"
            + " the server's shrinking lifetime ends below the 10 s refresh floor")
    void requestsPerLifetimeWithDefaults() {
        Recorder[] events = new Recorder[1];
        Map<String, Integer> perToken = run(VirtualTime.expiry(), Duration.ofSeconds(1), 5, events);
        System.out.println("Symbl server cache, jitter pinned at 0.5: requests per token " + perToken);
        assertThat(perToken).hasSizeGreaterThanOrEqualTo(5);
        assertThat(complete(perToken)).containsOnly(REQUESTS_PER_LIFETIME);
        // every fetch after the first ran in the background ahead of expiry, but the one per lifetime
        // that the floor moved past the last seconds of the server's cached token
        List<Reason> later = events[0].reasons().subList(1, events[0].reasons().size());
        assertThat(later.stream().filter(Reason.NO_TOKEN::equals).count()).isEqualTo(complete(perToken).size());
    }

    @Test
    @DisplayName("for any jitter draw the requests per 24 h lifetime stay at most 14, and a caller waits at most once"
            + " per lifetime (when the shrinking lifetime ends below the 10 s refresh floor)")
    void boundedForAnyJitter() {
        for (double r : new double[] {0.0, 0.25, 0.5, 0.75, 0.999_999}) {
            Recorder[] events = new Recorder[1];
            Map<String, Integer> perToken = run(Policies.expiry(() -> r).build(), Duration.ofSeconds(1), 3,
                    events);
            System.out.println("Symbl server cache, jitter draw " + r + ": requests per token " + perToken);
            assertThat(complete(perToken)).isNotEmpty()
                    .allSatisfy(n -> assertThat(n).isBetween(2, MAX_REQUESTS_PER_LIFETIME));
            List<Reason> later = events[0].reasons().subList(1, events[0].reasons().size());
            assertThat(later).containsOnly(Reason.REFRESH_AHEAD, Reason.NO_TOKEN);
            assertThat(later.stream().filter(Reason.NO_TOKEN::equals).count()).as("caller waits, draw %s", r)
                    .isLessThanOrEqualTo(perToken.size());
        }
    }

    @Test
    @DisplayName("when the server rotates early, the new token is adopted by the first request after rotation")
    void earlyRotationAdoptedAtOnce() {
        Recorder[] events = new Recorder[1];
        // the server replaces its cached token once less than 2 hours remain
        Map<String, Integer> perToken = run(VirtualTime.expiry(), Duration.ofHours(2), 3, events);
        System.out.println("Symbl server cache rotating 2 h early: requests per token " + perToken);
        // 0 s (86400 left), 19.2 h (17280 s left), 23.04 h (3456 s < 2 h left -> rotation): 2 requests per token
        assertThat(complete(perToken)).containsOnly(2);
        List<Recorder.Succeeded> s = events[0].succeeded;
        for (int i = 1; i < s.size(); i++) {
            if (!s.get(i).token().value().equals(s.get(i - 1).token().value())) {
                assertThat(s.get(i).token().expiresAt()).contains(s.get(i).at().plusSeconds(86_400));
            }
        }
    }
}
