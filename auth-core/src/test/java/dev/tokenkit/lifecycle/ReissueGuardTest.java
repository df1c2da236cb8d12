package dev.tokenkit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenReissuedException;
import dev.tokenkit.TokenSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Engine v2, point 3: a provider that re-issues the invalidated token (Symbl's server cache) does
 * not turn "401, invalidate, retry" into a request loop.
 */
class ReissueGuardTest {

    private final VirtualTime vt = new VirtualTime();

    private ScriptedProvider alwaysSame() {
        return new ScriptedProvider(vt.clock).otherwise((n, now) ->
                AccessToken.builder("cached-by-server").issuedAt(now).expiresIn(Duration.ofHours(1)).build());
    }

    @Test
    @DisplayName("200 rounds of token/invalidate against a provider that always re-issues the same token make at most"
            + " 10 requests (here 2), and callers keep getting the token")
    void loopWithoutTime() {
        ScriptedProvider provider = alwaysSame();
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            for (int i = 0; i < 200; i++) {
                AccessToken t = vt.fetchNow(source);
                assertThat(t.value()).isEqualTo("cached-by-server");
                source.invalidate(t);
                vt.scheduler.runDueTasks();
            }
        }
        assertThat(provider.calls()).isEqualTo(2);
        assertThat(events.failed).singleElement().satisfies(f -> {
            assertThat(f.error()).isInstanceOf(TokenReissuedException.class).hasMessageNotContaining("cached-by-server");
            assertThat(f.servingStale()).isTrue();
        });
    }

    @Test
    @DisplayName("with a second between rounds the refetches back off exponentially: 200 rounds, at most 10 requests")
    void loopBacksOff() {
        ScriptedProvider provider = alwaysSame();
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            for (int i = 0; i < 200; i++) {
                source.invalidate(vt.fetchNow(source));
                vt.scheduler.advance(Duration.ofSeconds(1));
            }
        }
        assertThat(provider.calls()).isBetween(3, 10);
        assertThat(events.failed).allSatisfy(f -> assertThat(f.error()).isInstanceOf(TokenReissuedException.class));
        // each re-issue doubles the guard: 1.75 s, 3.5 s, 7 s, ...
        assertThat(events.failed.get(1).nextAttemptIn()).isEqualTo(events.failed.get(0).nextAttemptIn().multipliedBy(2));
    }

    @Test
    @DisplayName("once the endpoint issues a new token, the guard is gone and the next invalidation refetches at once")
    void newTokenResets() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock)
                .then((n, now) -> AccessToken.builder("old").issuedAt(now).expiresIn(Duration.ofHours(1)).build())
                .then((n, now) -> AccessToken.builder("old").issuedAt(now).expiresIn(Duration.ofHours(1)).build())
                .otherwiseIssue(Duration.ofHours(1));
        try (TokenSource source = vt.source(provider).build()) {
            source.invalidate(vt.fetchNow(source));
            vt.scheduler.runDueTasks();
            AccessToken again = source.token();
            assertThat(again.value()).isEqualTo("old");
            source.invalidate(again); // within the guard: ignored
            vt.scheduler.runDueTasks();
            assertThat(provider.calls()).isEqualTo(2);
            vt.scheduler.advance(Duration.ofSeconds(2));
            source.invalidate(again); // after the guard: refetch, and a new token
            vt.scheduler.runDueTasks();
            AccessToken fresh = source.token();
            assertThat(fresh.value()).isEqualTo("token-3");
            source.invalidate(fresh);
            vt.scheduler.runDueTasks();
            assertThat(source.token().value()).isEqualTo("token-4");
        }
    }
}
