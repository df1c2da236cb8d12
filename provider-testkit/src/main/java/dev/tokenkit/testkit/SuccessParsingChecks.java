package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.emulators.FakeResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the vendor's success answer. */
abstract class SuccessParsingChecks extends KitChecks {
    SuccessParsingChecks(TokenProviderContract contract) {
        super(contract);
    }

    @Test
    @DisplayName("reads the token value and builds the Authorization header")
    void readsToken() {
        String value = ProviderFixture.newTokenValue();
        kit().server.enqueue(FakeResponse.ok(kit().successBody(value, "3600")));
        AccessToken token = kit().provider().fetch();
        assertThat(token.value()).isEqualTo(value);
        assertThat(token.type()).isNotBlank();
        assertThat(token.authorizationHeader()).isEqualTo(token.type() + " " + value);
    }

    @Test
    @DisplayName("reports the lifetime the server gave")
    void reportsServerLifetime() {
        for (long seconds : new long[] {3600, 1234, 86400}) {
            kit().server.enqueue(FakeResponse.ok(kit().successBody(ProviderFixture.newTokenValue(), Long.toString(seconds))));
            AccessToken token = kit().provider().fetch();
            assertThat(token.issuedAt()).isEqualTo(kit().clock.instant());
            assertThat(token.expiresAt()).as("expiry of a token with lifetime %d s", seconds)
                    .contains(kit().clock.instant().plusSeconds(seconds));
        }
    }
}
