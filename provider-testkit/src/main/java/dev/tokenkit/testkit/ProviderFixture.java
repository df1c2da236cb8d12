package dev.tokenkit.testkit;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testing.ManualClock;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The world of one check (or of one fault row): a fake token server on loopback, a manual clock,
 * log capture, and the objects the check created, whose {@code toString()} the hygiene sweep
 * reads. Every way to the provider under test goes through {@link #providers()}, which skips the
 * check when the provider is not registered: only the discovery check reports that.
 */
final class ProviderFixture implements AutoCloseable {
    /** The longest one fault row may take in real time; the slowest row is cut at 500 ms. */
    static final Duration ROW_TIME_LIMIT = Duration.ofSeconds(5);
    /** Secret values shorter than this could occur in any text by chance, and cannot be searched for. */
    static final int MIN_SECRET_LENGTH = 8;

    final FakeTokenServer server = FakeTokenServer.start();
    final ManualClock clock = ManualClock.create();
    final LogCapture logs = LogCapture.start();
    private final TokenProviderContract contract;
    private final List<Object> shown = new ArrayList<>();
    private Boolean registered;

    ProviderFixture(TokenProviderContract contract) {
        this.contract = contract;
    }

    /** A new world for the same contract, e.g. for one fault row. */
    ProviderFixture fresh() {
        return new ProviderFixture(contract);
    }

    String id() {
        return contract.providerId();
    }

    /** Whether {@link TokenProviders#load()} finds a factory with the provider's id. */
    boolean isRegistered() {
        if (registered == null) {
            registered = TokenProviders.load().ids().contains(id());
        }
        return registered;
    }

    /** The registry as an application loads it, on the fixture's clock; skips the check when the provider is not registered. */
    TokenProviders providers() {
        assumeTrue(isRegistered(), () -> "skipped: no provider with id '" + id() + "' is registered; see the discovery"
                + " check 'is registered through ServiceLoader under its id'");
        return TokenProviders.load().withClock(clock);
    }

    ProviderDescriptor descriptor() {
        return providers().describe(id());
    }

    /** The valid configuration for the fixture's server. */
    ProviderConfig config() {
        return contract.validConfig(server.baseUri());
    }

    /** A provider with the valid configuration. */
    TokenProvider provider() {
        return provider(config());
    }

    /** A provider created through the registry; the configuration and the provider count as shown. */
    TokenProvider provider(ProviderConfig config) {
        shown(config);
        TokenProvider p = providers().provider(id(), config);
        shown(p);
        return p;
    }

    String successBody(String token, String lifetimeJson) {
        return contract.successBody(token, lifetimeJson);
    }

    /** The standard fault rows for this provider's answers, then its vendor rows; skips the check when the provider is not registered. */
    List<FaultRow> faultRows(String token) {
        providers();
        List<FaultRow> rows = new ArrayList<>(FaultRows.of(contract::successBody, contract.invalidCredentialsResponse(), token));
        rows.addAll(contract.vendorFaults());
        return rows;
    }

    /**
     * The secret values of the valid configuration: the options the provider declares secret, as
     * {@link ProviderConfig#validate} marks them.
     */
    List<String> secrets() {
        ProviderConfig validated = config().validate(descriptor());
        List<String> out = new ArrayList<>();
        for (String name : validated.names()) {
            if (validated.isSecret(name)) {
                String value = validated.secret(name).reveal();
                assertThat(value.length()).as("length of the value validConfig(baseUri) gives the secret option '%s';"
                        + " give it a distinctive value of at least %d characters, so that the kit can search"
                        + " everything shown for it", name, MIN_SECRET_LENGTH).isGreaterThanOrEqualTo(MIN_SECRET_LENGTH);
                out.add(value);
            }
        }
        return out;
    }

    /**
     * Every secret value the hygiene sweep searches for: the configured secrets
     * ({@link #secrets()}), the contract's {@code keyMaterialSecrets()}, and its
     * {@code sentSecrets(request)} of every request the server has received so far.
     */
    List<String> sweptSecrets() {
        List<String> out = new ArrayList<>(secrets());
        out.addAll(checked(contract.keyMaterialSecrets(), "keyMaterialSecrets()"));
        for (RecordedRequest request : server.requests()) {
            out.addAll(checked(contract.sentSecrets(request), "sentSecrets(request #" + request.sequence() + ")"));
        }
        return out;
    }

    private static Set<String> checked(Set<String> values, String hook) {
        assertThat(values).as("the values of hook %s", hook).isNotNull().doesNotContainNull();
        for (String value : values) {
            assertThat(value.length()).as("length of a value of hook %s; give only secret values of at least %d"
                    + " characters, so that the kit can search everything shown for them", hook, MIN_SECRET_LENGTH)
                    .isGreaterThanOrEqualTo(MIN_SECRET_LENGTH);
        }
        return values;
    }

    /** Records an object whose {@code toString()} the hygiene sweep reads. */
    void shown(Object o) {
        shown.add(o);
    }

    List<Object> shown() {
        return List.copyOf(shown);
    }

    /** How one fetch ended: its error or its token, the requests the server received, and the time it took. */
    record Fetched(Throwable error, AccessToken token, int requests, Duration took) {
    }

    /**
     * Runs one fault row: scripts the server, creates the provider with {@code request-timeout}
     * {@link FaultRows#REQUEST_TIMEOUT} and fetches once, cut off after {@link #ROW_TIME_LIMIT}.
     */
    Fetched fetch(FaultRow row) {
        URI base = row.script(server);
        TokenProvider p = provider(contract.validConfig(base).withOverrides(ProviderConfig.builder()
                .put(ProviderDescriptor.REQUEST_TIMEOUT.name(), FaultRows.REQUEST_TIMEOUT.toMillis() + "ms").build()));
        long start = System.nanoTime();
        try {
            AccessToken token = assertTimeoutPreemptively(ROW_TIME_LIMIT, p::fetch, () -> "one fetch of row '" + row.name()
                    + "' did not end within " + ROW_TIME_LIMIT.toSeconds() + " s, although request-timeout is "
                    + FaultRows.REQUEST_TIMEOUT.toMillis() + " ms; does the provider send through ProviderContext.http()?");
            shown(token);
            return new Fetched(null, token, server.requestCount(), Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            return new Fetched(e, null, server.requestCount(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** A fresh opaque token value (not a JWT, so its lifetime comes from the answer only). */
    static String newTokenValue() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return "tk_" + HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            logs.close();
        }
    }
}
