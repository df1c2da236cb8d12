package dev.tokenkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.lifecycle.ScriptedProvider;
import dev.tokenkit.lifecycle.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The 401 rule the HTTP client integrations share. */
@Timeout(30)
class TokenReplayTest {

    @Nested
    @DisplayName("which answers reject the token")
    class RejectsToken {
        @Test
        @DisplayName("a 401 without a challenge, or with invalid_token, rejects it")
        void plain401() {
            assertThat(TokenReplay.rejectsToken(401, List.of())).isTrue();
            assertThat(TokenReplay.rejectsToken(401, List.of("Bearer realm=\"api\", error=\"invalid_token\""))).isTrue();
            assertThat(TokenReplay.rejectsToken(401, List.of("Bearer"))).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(ints = {200, 204, 302, 400, 403, 404, 407, 429, 500, 503})
        @DisplayName("any other status does not, 403 included")
        void otherStatus(int status) {
            assertThat(TokenReplay.rejectsToken(status, List.of("Bearer error=\"invalid_token\""))).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "Bearer error=\"insufficient_scope\"",
            "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"admin read\"",
            "Bearer error=insufficient_scope",
            "Bearer error = \"insufficient_scope\"",
            "bearer ERROR=\"Insufficient_Scope\"",
            "Basic realm=\"x\", Bearer realm=\"api\", error=\"insufficient_scope\"",
            "Negotiate YII==, Bearer error=\"insufficient_scope\"",
            "Bearer error_description=\"a \\\"quoted\\\" text\", error=\"insufficient_scope\"",
        })
        @DisplayName("a 401 whose challenge says error=\"insufficient_scope\" does not")
        void insufficientScope(String challenge) {
            assertThat(TokenReplay.rejectsToken(401, List.of(challenge))).isFalse();
            assertThat(TokenReplay.rejectsToken(401, List.of("Basic realm=\"other\"", challenge))).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "Bearer error=\"invalid_token\", error_description=\"error=\\\"insufficient_scope\\\" is not it\"",
            "Bearer error_description=\"insufficient_scope\"",
            "Bearer scope=\"insufficient_scope\"",
            "Bearer insufficient_scope",
            "Bearer error=\"insufficient_scope_x\"",
            "Bearer error=\"",
            "\"=,=\"\"",
            "=",
        })
        @DisplayName("the words elsewhere in a challenge, or broken challenges, are not a missing-scope answer")
        void notFooled(String challenge) {
            assertThat(TokenReplay.rejectsToken(401, List.of(challenge))).isTrue();
        }
    }

    @Nested
    @DisplayName("only an answer to our header")
    class OurHeader {
        @Test
        @DisplayName("a 401 to a request that carried exactly our header rejects the token; one without it, or with another value, does not")
        void carried() {
            String ours = "Bearer abc";
            assertThat(TokenReplay.rejectsToken(ours, ours, 401, List.of())).isTrue();
            assertThat(TokenReplay.rejectsToken(ours, null, 401, List.of())).as("no header: a foreign redirect target").isFalse();
            assertThat(TokenReplay.rejectsToken(ours, "Bearer abcd", 401, List.of())).isFalse();
            assertThat(TokenReplay.rejectsToken(ours, "bearer abc", 401, List.of())).isFalse();
            assertThat(TokenReplay.rejectsToken(ours, "Basic dXNlcjpwdw==", 401, List.of())).isFalse();
            assertThat(TokenReplay.rejectsToken(ours, ours, 401, List.of("Bearer error=\"insufficient_scope\""))).isFalse();
            assertThat(TokenReplay.rejectsToken(ours, ours, 403, List.of())).isFalse();
        }

        @ParameterizedTest(name = "{0} → {1}: {2}")
        @org.junit.jupiter.params.provider.CsvSource({
            "http://api.example/a, /b, true",
            "http://api.example/a, http://API.example:80/b, true",
            "https://api.example/a, https://api.example:443/b?x=1, true",
            "HTTP://127.0.0.1:8080/a, http://127.0.0.1:8080/, true",
            "http://127.0.0.1:8080/a, http://127.0.0.1:8081/a, false",
            "http://127.0.0.1:8080/a, http://127.0.0.2:8080/a, false",
            "http://127.0.0.1:8080/a, http://localhost:8080/a, false",
            "http://api.example/a, https://api.example/a, false",
            "https://api.example/a, http://api.example:443/a, false",
            "http://api.example/a, http://api.example.evil/a, false",
            "http://api.example/a, //other.example/a, false",
            "http://api.example/a, mailto:someone@api.example, false",
        })
        @DisplayName("the same origin is the same scheme, host (as written, ignoring case) and effective port")
        void sameOrigin(String addressed, String target, boolean same) {
            assertThat(TokenReplay.sameOrigin(java.net.URI.create(addressed), java.net.URI.create(target))).isEqualTo(same);
        }
    }

    @Nested
    @DisplayName("the replacement token")
    class Replacement {
        private final VirtualTime vt = new VirtualTime();

        @Test
        @DisplayName("after a rejection of the cached token: the refetched one, one fetch")
        void refetched() {
            ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
            try (TokenSource source = vt.source(provider).build()) {
                AccessToken first = vt.fetchNow(source);
                CompletableFuture<Optional<AccessToken>> next = TokenReplay.replacementAsync(source, first.authorizationHeader());
                vt.scheduler.runDueTasks();
                assertThat(next.join()).hasValueSatisfying(t -> assertThat(t.value()).isEqualTo("token-2"));
                assertThat(provider.calls()).isEqualTo(2);
            }
        }

        @Test
        @DisplayName("after a rejection of an older token: the cached one, at no fetch")
        void olderToken() {
            ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwiseIssue(Duration.ofHours(1));
            try (TokenSource source = vt.source(provider).build()) {
                AccessToken first = vt.fetchNow(source);
                source.invalidate(first);
                vt.scheduler.runDueTasks();
                AccessToken second = vt.fetchNow(source);
                CompletableFuture<Optional<AccessToken>> next = TokenReplay.replacementAsync(source, first.authorizationHeader());
                assertThat(next).isCompletedWithValue(Optional.of(second));
                assertThat(provider.calls()).isEqualTo(2);
            }
        }

        @Test
        @DisplayName("none when the endpoint re-issues the rejected token: the 401 goes to the caller")
        void reissued() {
            ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwise((n, now) ->
                    AccessToken.builder("cached-by-server").issuedAt(now).expiresIn(Duration.ofHours(1)).build());
            try (TokenSource source = vt.source(provider).build()) {
                String header = vt.fetchNow(source).authorizationHeader();
                CompletableFuture<Optional<AccessToken>> next = TokenReplay.replacementAsync(source, header);
                vt.scheduler.runDueTasks();
                assertThat(next.join()).isEmpty();
                // the guard then ignores this token's rejections: no further fetch
                assertThat(TokenReplay.replacementAsync(source, header)).isCompletedWithValue(Optional.empty());
                vt.scheduler.runDueTasks();
                assertThat(provider.calls()).isEqualTo(2);
            }
        }

        @Test
        @DisplayName("none when the refetch fails, and the future does not fail")
        void refetchFails() {
            ScriptedProvider provider = new ScriptedProvider(vt.clock).thenIssue(Duration.ofHours(1))
                    .otherwiseFail(() -> new InvalidCredentialsException(ScriptedProvider.ID, 401, "revoked client"));
            try (TokenSource source = vt.source(provider).build()) {
                String header = vt.fetchNow(source).authorizationHeader();
                CompletableFuture<Optional<AccessToken>> next = TokenReplay.replacementAsync(source, header);
                vt.scheduler.runDueTasks();
                assertThat(next).isCompletedWithValue(Optional.empty());
            }
        }

        @Test
        @DisplayName("the blocking form waits for the refetch, and gives none for a closed source")
        void blocking() {
            ScriptedProvider provider = new ScriptedProvider(java.time.InstantSource.system())
                    .otherwiseIssue(Duration.ofHours(1));
            TokenSource source = TokenSource.builder(provider).build();
            String header = source.token().authorizationHeader();
            assertThat(TokenReplay.replacement(source, header))
                    .hasValueSatisfying(t -> assertThat(t.value()).isEqualTo("token-2"));
            source.close();
            assertThat(TokenReplay.replacement(source, header)).isEmpty();
        }
    }
}
