package dev.tokenkit.lifecycle;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.MalformedResponseException;
import dev.tokenkit.Policies;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Engine v2, point 3: short lifetimes and idle sources cannot drive a request storm: a minimum
 * usable lifetime, a refresh floor that is never waived, and the idle rule.
 */
class NoStormTest {

    private final VirtualTime vt = new VirtualTime();

    @Test
    @DisplayName("an idle source with a 0.05 s lifetime makes at most 6 requests a minute (here 1: below the minimum"
            + " usable lifetime, it is a malformed response)")
    void tinyLifetimeIdle() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofMillis(50));
        try (TokenSource source = vt.source(provider).build()) {
            assertThat(failureOf(vt.ask(source))).isInstanceOf(MalformedResponseException.class)
                    .hasMessageContaining("lives 50 ms").hasMessageContaining("minimum usable lifetime of 1000 ms");
            vt.scheduler.advance(Duration.ofMinutes(1));
        }
        assertThat(provider.calls()).isEqualTo(1);
    }

    @Test
    @DisplayName("with the minimum usable lifetime lowered to 10 ms, a 0.05 s token is used and an idle source still"
            + " makes one request a minute: the 10 s floor leaves no refresh ahead")
    void tinyLifetimeAccepted() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofMillis(50));
        ExpiryPolicy lenient = Policies.expiry(() -> 0.5).minUsableLifetime(Duration.ofMillis(10)).build();
        try (TokenSource source = vt.source(provider).expiry(lenient).build()) {
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-1");
            vt.scheduler.advance(Duration.ofMinutes(1));
        }
        assertThat(provider.calls()).isEqualTo(1);
    }

    @Test
    @DisplayName("a JWT-style 1 s lifetime: no background requests after the caller goes away")
    void oneSecondIdle() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofSeconds(1));
        try (TokenSource source = vt.source(provider).build()) {
            vt.fetchNow(source);
            vt.scheduler.advance(Duration.ofMinutes(1));
        }
        assertThat(provider.calls()).isEqualTo(1);
    }

    @Test
    @DisplayName("a busy caller of 0.05 s tokens: the cool-down spaces the requests exponentially (6 in a minute)")
    void tinyLifetimeBusy() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofMillis(50));
        try (TokenSource source = vt.source(provider).build()) {
            for (int i = 0; i < 600; i++) {
                vt.ask(source);
                vt.scheduler.advance(Duration.ofMillis(100));
            }
        }
        // fetches at 0, 1.75, 5.25, 12.25, 26.25 and 54.25 s
        assertThat(provider.calls()).isEqualTo(6);
    }

    @Test
    @DisplayName("background refreshes are never closer than minRefreshInterval, whatever lifetimes the endpoint"
            + " answers with")
    void floorNeverWaived() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofMillis(11_500));
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            for (int i = 0; i < 3000; i++) {
                vt.ask(source);
                vt.scheduler.advance(Duration.ofMillis(100));
            }
        }
        List<Instant> ahead = events.started.stream().filter(s -> s.reason() == Reason.REFRESH_AHEAD)
                .map(Recorder.Started::at).toList();
        assertThat(ahead).hasSizeGreaterThan(20);
        for (int i = 1; i < events.started.size(); i++) {
            Recorder.Started s = events.started.get(i);
            if (s.reason() == Reason.REFRESH_AHEAD) {
                assertThat(Duration.between(events.started.get(i - 1).at(), s.at()))
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    @DisplayName("idle rule: a source nobody read since its last fetch stops refreshing ahead; the next token() while"
            + " the token is valid refreshes in the background, after expiry it fetches")
    void idleSourceStops() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        Recorder events = new Recorder(vt.clock);
        try (TokenSource source = vt.source(provider).listener(events).build()) {
            vt.fetchNow(source); // read by its caller
            vt.scheduler.advance(Duration.ofMinutes(50)); // refresh at 48 min: the first token was read
            assertThat(provider.calls()).isEqualTo(2);
            vt.scheduler.advance(Duration.ofMinutes(50)); // at 96 min: token-2 unread, no refresh
            assertThat(provider.calls()).isEqualTo(2);
            assertThat(source.token().value()).as("still valid until 107.5 min").isEqualTo("token-2");
            vt.scheduler.runDueTasks();
            assertThat(provider.calls()).as("the read started the refresh").isEqualTo(3);
            assertThat(source.token().value()).isEqualTo("token-3");
            vt.scheduler.advance(Duration.ofHours(5));
            assertThat(provider.calls()).as("read since its fetch: one refresh, then idle").isEqualTo(4);
            assertThat(vt.fetchNow(source).value()).isEqualTo("token-5");
        }
        assertThat(events.reasons()).containsExactly(Reason.NO_TOKEN, Reason.REFRESH_AHEAD, Reason.REFRESH_AHEAD,
                Reason.REFRESH_AHEAD, Reason.NO_TOKEN);
    }

    @Test
    @DisplayName("maxIdleRefreshes lets an unread source keep refreshing ahead that many times")
    void idleRuleConfigurable() {
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
        try (TokenSource source = vt.source(provider).maxIdleRefreshes(2).build()) {
            AccessToken first = vt.fetchNow(source);
            assertThat(first.value()).isEqualTo("token-1");
            vt.scheduler.advance(Duration.ofHours(10));
        }
        assertThat(provider.calls()).as("the first, one refresh of a read token, two unread").isEqualTo(4);
    }
}
