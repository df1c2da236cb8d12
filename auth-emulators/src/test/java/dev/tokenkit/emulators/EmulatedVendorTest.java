package dev.tokenkit.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The built-in emulators as {@link EmulatedVendor}s: found by ServiceLoader, started from their options. */
class EmulatedVendorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static List<EmulatedVendor> vendors() {
        return EmulatedVendor.load(EmulatedVendorTest.class.getClassLoader());
    }

    private static Map<String, String> demoValues(EmulatedVendor vendor) {
        Map<String, String> values = new LinkedHashMap<>();
        vendor.options().forEach(o -> values.put(o.name(), o.demoValue()));
        return values;
    }

    @Test
    @DisplayName("ServiceLoader finds each built-in emulator once, in the order registered, ids unique")
    void foundByServiceLoader() {
        List<EmulatedVendor> vendors = vendors();

        assertThat(vendors).extracting(EmulatedVendor::providerId).containsExactly("symbl", "singleview", "oauth2", "google-service-account")
                .doesNotHaveDuplicates();
        assertThat(vendors).allSatisfy(v -> assertThat(v.getClass().getModule().getName())
                .isIn("dev.tokenkit.emulators", null));
    }

    @Test
    @DisplayName("each starts with its demo values, answers on loopback, and its demo configuration names its credentials")
    void startsFromItsOptions() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
        for (EmulatedVendor vendor : vendors()) {
            assertThat(vendor.options()).extracting(EmulatedVendor.Option::name).doesNotHaveDuplicates();
            try (VendorEmulator running = vendor.start(0, demoValues(vendor))) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(running.tokenEndpoint())
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(WAIT).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("%s answers (a rejection of an empty request)", vendor.providerId())
                        .isBetween(400, 499);
                assertThat(running.server().requestCount()).isEqualTo(1);

                List<String> configuration = vendor.demoConfiguration(running);
                for (EmulatedVendor.Option option : vendor.options()) {
                    if (option.tokenOption()) {
                        assertThat(configuration).as("%s's demo configuration", vendor.providerId())
                                .contains(option.name() + "=" + option.demoValue());
                    }
                }
                assertThat(String.join(" ", configuration) + " " + String.join(" ", vendor.endpointOptions(running)))
                        .as("the options point at the running emulator").contains(running.baseUri().toString());
            }
        }
    }

    @Test
    @DisplayName("a value the emulator cannot take is an IllegalArgumentException that does not quote it")
    void badValues() {
        EmulatedVendor oauth2 = vendor("oauth2");
        Map<String, String> values = new HashMap<>(demoValues(oauth2));
        values.put("scope", "read wr\"ite");
        assertThatThrownBy(() -> oauth2.start(0, values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scope");
        EmulatedVendor symbl = vendor("symbl");
        Map<String, String> blank = new HashMap<>(demoValues(symbl));
        blank.put("app-secret", " ");
        assertThatThrownBy(() -> symbl.start(0, blank)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("down(): SingleView's documented outage; Symbl and OAuth 2.0 document none and stay up")
    void down() {
        for (EmulatedVendor vendor : vendors()) {
            try (VendorEmulator running = vendor.start(0, demoValues(vendor))) {
                Optional<String> outage = vendor.down(running);
                if (running instanceof SingleViewEmulator singleView) {
                    assertThat(outage).hasValueSatisfying(o -> assertThat(o).contains("Connect Refused"));
                    assertThat(singleView.isDown()).isTrue();
                } else {
                    assertThat(outage).as(vendor.providerId()).isEmpty();
                }
            }
        }
    }

    @Test
    @DisplayName("demo hooks speak from plain values: Symbl's cache shrinks the lifetime, SingleView's JWT exp wins")
    void demoHooks() {
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        EmulatedVendor symbl = vendor("symbl");
        try (VendorEmulator running = symbl.start(0, demoValues(symbl))) {
            DemoToken first = new DemoToken(t0, t0.plusSeconds(86_400), Optional.empty(), Optional.empty(), true);
            DemoToken cached = new DemoToken(t0.plusSeconds(2), t0.plusSeconds(86_400), Optional.empty(),
                    Optional.empty(), true);
            DemoToken fresh = new DemoToken(t0.plusSeconds(2), t0.plusSeconds(86_402), Optional.empty(),
                    Optional.empty(), false);
            assertThat(symbl.demoSecondFetch()).isPresent();
            assertThat(symbl.demoSecondToken(running, first, cached)).singleElement().asString()
                    .contains("remaining lifetime: 86398 s left now, 86400 s at the first answer (shrunk;");
            assertThat(symbl.demoSecondToken(running, first, fresh)).singleElement().asString()
                    .startsWith("The emulator issued a new token");
        }
        EmulatedVendor singleView = vendor("singleview");
        try (VendorEmulator running = singleView.start(0, demoValues(singleView))) {
            Instant exp = t0.plusSeconds(3600);
            DemoToken jwtWins = new DemoToken(t0, exp, Optional.of(t0), Optional.of(exp), true);
            DemoToken noJwt = new DemoToken(t0, t0.plusSeconds(6000), Optional.empty(), Optional.empty(), true);
            assertThat(singleView.demoSecondFetch()).isEmpty();
            assertThat(singleView.demoFirstToken(running, jwtWins)).singleElement().asString()
                    .contains("expires_in \"6000\"", "3600 s after its iat", "the token carries the earlier expiry");
            assertThat(singleView.demoFirstToken(running, noJwt)).singleElement().asString()
                    .contains("is not the JWT exp (none)", "not in its default set-up");
        }
    }

    private static EmulatedVendor vendor(String id) {
        return vendors().stream().filter(v -> v.providerId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("an option needs a name and a demo value")
    void options() {
        assertThat(EmulatedVendor.Option.secret("app-secret", "s")).isEqualTo(
                new EmulatedVendor.Option("app-secret", true, "s", true));
        assertThatThrownBy(() -> EmulatedVendor.Option.plain(" ", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
