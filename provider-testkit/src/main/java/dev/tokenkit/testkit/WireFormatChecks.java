package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.RecordedRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The request the provider sends. */
abstract class WireFormatChecks extends KitChecks {
    WireFormatChecks(TokenProviderContract contract) {
        super(contract);
    }

    @Test
    @DisplayName("one fetch sends exactly one request, in the vendor's format")
    void oneRequestInVendorFormat() {
        kit().server.enqueue(FakeResponse.ok(kit().successBody(ProviderFixture.newTokenValue(), "3600")));
        Instant sentAt = kit().clock.instant();
        kit().provider().fetch();
        assertThat(kit().server.requestCount()).as("requests per fetch").isEqualTo(1);
        contract().assertWireRequest(kit().server.takeRequest(), kit().config(), sentAt);
    }

    @Test
    @DisplayName("secrets travel in the body or headers, never in the URL")
    void secretsNotInUrl() {
        kit().server.enqueue(FakeResponse.ok(kit().successBody(ProviderFixture.newTokenValue(), "3600")));
        kit().provider().fetch();
        RecordedRequest r = kit().server.takeRequest();
        String url = r.path() + (r.query() == null ? "" : "?" + r.query());
        for (String secret : kit().secrets()) {
            assertThat(url).as("request URL").doesNotContain(secret);
        }
    }

    @Test
    @DisplayName("each fetch is a new request: the provider does not cache")
    void noCaching() {
        kit().server.enqueue(FakeResponse.ok(kit().successBody(ProviderFixture.newTokenValue(), "3600")),
                FakeResponse.ok(kit().successBody(ProviderFixture.newTokenValue(), "3600")));
        TokenProvider p = kit().provider();
        AccessToken first = p.fetch();
        AccessToken second = p.fetch();
        assertThat(kit().server.requestCount()).as("requests made by two fetches").isEqualTo(2);
        assertThat(second.value()).as("the second fetch's token").isNotEqualTo(first.value());
    }
}
