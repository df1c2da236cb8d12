package dev.tokenkit.singleview;

import dev.tokenkit.AccessToken;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.emulators.SingleViewEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The SingleView provider against the SingleView emulator: every documented behaviour and quirk. */
class SingleViewProviderTest {
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T10:20:39Z"));
    private SingleViewEmulator emulator = SingleViewEmulator.builder().clock(clock).start();
    private final TokenProviders providers = TokenProviders.load().withClock(clock);

    @AfterEach
    void stop() {
        emulator.close();
    }

    private ProviderConfig.Builder config() {
        return ProviderConfig.builder()
                .put("base-url", emulator.baseUri().toString())
                .put("client-id", SingleViewEmulator.DEMO_CLIENT_ID)
                .putSecret("client-code", SingleViewEmulator.DEMO_CLIENT_CODE)
                .put("company-id", SingleViewEmulator.DEMO_COMPANY_ID)
                .put("reference-id", "BEMC0001");
    }

    private TokenProvider provider(ProviderConfig config) {
        return providers.provider("singleview", config);
    }

    @Test
    @DisplayName("sends the four headers and the client_credentials body the emulator validates")
    void wireRequest() {
        provider(config().build()).fetch();
        RecordedRequest r = emulator.server().takeRequest();
        assertThat(r.header("DateTimeStamp")).contains("2026-03-01T10:20:39");
        assertThat(r.header("Device")).contains("Web");
        assertThat(r.header("CompanyId")).contains(SingleViewEmulator.DEMO_COMPANY_ID);
        assertThat(r.header("SVReferenceID")).contains("BEMC0001");
        assertThat(r.body()).contains("\"grant_type\":\"client_credentials\"");
    }

    @Test
    @DisplayName("the token carries the JWT exp when it is earlier than expires_in says")
    void jwtExpiryWins() {
        AccessToken token = provider(config().build()).fetch();
        assertThat(token.expiresAt()).contains(clock.instant().plusSeconds(3600));
    }

    @Test
    @DisplayName("expires_in is read as a string and as a number")
    void expiresInStringOrNumber() {
        emulator.server().enqueue(
                FakeResponse.ok("{\"access_token\":\"opaque-1\",\"token_type\":\"Bearer\",\"expires_in\":\"6000\"}"),
                FakeResponse.ok("{\"access_token\":\"opaque-2\",\"token_type\":\"Bearer\",\"expires_in\":6000}"));
        TokenProvider p = provider(config().build());
        assertThat(p.fetch().expiresAt()).contains(clock.instant().plusSeconds(6000));
        assertThat(p.fetch().expiresAt()).contains(clock.instant().plusSeconds(6000));
    }

    @Test
    @DisplayName("DateTimeStamp is written in the configured zone")
    void timestampZone() {
        emulator.close();
        emulator = SingleViewEmulator.builder().clock(clock).timestampZone(ZoneId.of("Asia/Kolkata")).start();
        provider(config().put("timestamp-zone", "Asia/Kolkata").build()).fetch();
        assertThat(emulator.server().takeRequest().header("DateTimeStamp")).contains("2026-03-01T15:50:39");
        Throwable t = catchThrowable(() -> provider(config().build()).fetch());
        assertThat(t).as("a UTC timestamp is 5.5 h off for a server reading Asia/Kolkata")
                .isInstanceOf(TokenRequestRejectedException.class);
    }

    @Nested
    @DisplayName("header values are checked before anything is sent")
    class HeaderValidation {
        @Test
        @DisplayName("CR or LF in a header option is a configuration error")
        void crlf() {
            Throwable t = catchThrowable(() -> provider(config().put("company-id", "ACME\r\nX-Evil: 1").build()));
            assertThat(t).isInstanceOf(ProviderConfigurationException.class).hasMessageContaining("company-id")
                    .hasMessageContaining("CR or LF");
            assertThat(emulator.server().requestCount()).isZero();
        }

        @Test
        @DisplayName("non-ASCII in a header option is a configuration error")
        void nonAscii() {
            Throwable t = catchThrowable(() -> provider(config().put("device", "Téléphone").build()));
            assertThat(t).isInstanceOf(ProviderConfigurationException.class).hasMessageContaining("device")
                    .hasMessageContaining("non-ASCII");
            assertThat(emulator.server().requestCount()).isZero();
        }

        @Test
        @DisplayName("an unknown time zone is a configuration error with examples")
        void badZone() {
            Throwable t = catchThrowable(() -> provider(config().put("timestamp-zone", "Mars/Base").build()));
            assertThat(t).isInstanceOf(ProviderConfigurationException.class).hasMessageContaining("Asia/Kolkata");
        }
    }

    @Nested
    @DisplayName("the failure envelope is a failure whatever the HTTP status")
    class Envelope {
        @Test
        @DisplayName("\"Connect Refused\" with HTTP 200 means the vendor is down: retryable")
        void downWith200() {
            emulator.down();
            Throwable t = catchThrowable(() -> provider(config().build()).fetch());
            assertThat(t).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("Connect Refused");
            assertThat(((TokenException) t).isRetryable()).isTrue();
            assertThat(((TokenException) t).httpStatus()).hasValue(200);
        }

        @Test
        @DisplayName("the envelope with HTTP 503 is unavailable too")
        void downWith503() {
            emulator.down(503, "Service Unavailable");
            Throwable t = catchThrowable(() -> provider(config().build()).fetch());
            assertThat(t).isInstanceOf(ProviderUnavailableException.class);
            assertThat(((TokenException) t).httpStatus()).hasValue(503);
        }

        @Test
        @DisplayName("wrong credentials come back as the envelope with 401: invalid credentials, secret not shown")
        void wrongCredentials() {
            Throwable t = catchThrowable(() -> provider(config().putSecret("client-code", "not-the-code-123").build()).fetch());
            assertThat(t).isInstanceOf(InvalidCredentialsException.class).hasMessageNotContaining("not-the-code-123");
        }

        @Test
        @DisplayName("the provider recovers when the vendor is up again")
        void recovers() {
            emulator.down();
            TokenProvider p = provider(config().build());
            assertThat(catchThrowable(p::fetch)).isInstanceOf(ProviderUnavailableException.class);
            emulator.up();
            assertThat(p.fetch().value()).isNotEmpty();
        }
    }
}
